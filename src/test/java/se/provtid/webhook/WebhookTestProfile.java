package se.provtid.webhook;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The app as the webhook tests need it: API role only (no browser workers, so jobs stay queued while a test writes
 * their events), private targets allowed (receivers are on loopback), and a Supabase receiver of its own.
 */
public class WebhookTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.role", "api", "provtid.webhooks.retry-schedule", "0s,300ms,600ms,900ms,1200ms,1500ms");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SupabaseReceiver.class));
    }
}
