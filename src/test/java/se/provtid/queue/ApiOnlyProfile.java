package se.provtid.queue;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** An API-only process with a small queue cap: nothing claims jobs, so the queue can be inspected. */
public class ApiOnlyProfile implements QuarkusTestProfile {

    public static final int MAX_QUEUED = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.role", "api", "provtid.worker.max-queued-jobs", Integer.toString(MAX_QUEUED));
    }
}
