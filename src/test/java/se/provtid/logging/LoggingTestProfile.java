package se.provtid.logging;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** API only (no workers), with a log file to read back and the access log on. */
public class LoggingTestProfile implements QuarkusTestProfile {

    static final String LOG_FILE = "target/logging-tests.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.role", "api",
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE,
                "quarkus.http.access-log.enabled", "true");
    }
}
