package se.provtid.browser;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fleets a test builds by hand from {@link TestBrowserConfig}, each shut down after its test with every Chromium
 * it started: a JUnit extension for a {@code @RegisterExtension} field.
 */
final class TestFleets implements AfterEachCallback {

    private final List<BrowserFleet> fleets = new CopyOnWriteArrayList<>();

    /** A fleet with the default browser settings but {@code overrides}, and meters nobody reads. */
    BrowserFleet start(Map<String, Object> overrides) {
        return start(overrides, new SimpleMeterRegistry());
    }

    BrowserFleet start(Map<String, Object> overrides, MeterRegistry metrics) {
        BrowserFleet fleet = new BrowserFleet(TestBrowserConfig.with(overrides), metrics);
        fleets.add(fleet);
        return fleet;
    }

    /** The host that serves the session (a session does not tell; the fleets' hosts list their sessions). */
    BrowserHost hostOf(BrowserSession s) {
        return fleets.stream().flatMap(f -> f.hosts().stream()).filter(h -> h.sessions().contains(s)).findFirst()
                .orElseThrow();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (BrowserFleet f : fleets) {
            f.shutdown(null); // stops warming up and closes every host, as at the end of a worker process
        }
        fleets.clear();
    }
}
