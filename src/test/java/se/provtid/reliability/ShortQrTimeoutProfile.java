package se.provtid.reliability;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Gives a person only a few seconds to scan, so the expiry can be seen in a test. */
public class ShortQrTimeoutProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.worker.qr-timeout", "PT4S");
    }
}
