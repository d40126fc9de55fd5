package se.provtid.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Stream tokens stop opening a finished job's stream one second after it ended; no workers. */
public class ShortGraceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.api.stream-token-grace", "PT1S", "provtid.role", "api");
    }
}
