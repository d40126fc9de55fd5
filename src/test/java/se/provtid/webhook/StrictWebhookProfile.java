package se.provtid.webhook;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** As in production: job webhook URLs must be https and public (WEBHOOK_ALLOW_PRIVATE=false). */
public class StrictWebhookProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.role", "api", "provtid.webhooks.allow-private", "false");
    }
}
