package se.provtid.webhook;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts a receiver before the app and points SUPABASE_WEBHOOK_URL (with a secret key) at it. */
public class SupabaseReceiver implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "sb-secret-test-key";
    static volatile Receiver receiver;

    @Override
    public Map<String, String> start() {
        try {
            receiver = Receiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("provtid.webhooks.supabase-url", receiver.url("/rest/v1/webhook"),
                "provtid.webhooks.supabase-secret-key", KEY);
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
