package se.provtid.tracing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The test application with tracing on, exporting to a receiver of the test's own. */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OtlpReceiver.class));
    }
}
