package se.provtid.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Small limits (5 requests a 10 s window, 2 starts a user), an API-only process, 127.0.0.1 a trusted proxy. */
public class RateLimitProfile implements QuarkusTestProfile {

    public static final int REQUESTS = 5;
    public static final int STARTS = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(Map.of("provtid.role", "api", "provtid.rate-limit.requests",
                Integer.toString(REQUESTS), "provtid.rate-limit.window", "PT10S", "provtid.rate-limit.start-per-user",
                Integer.toString(STARTS), "provtid.rate-limit.trusted-proxies", trustedProxies()));
        // Counters of its own, whatever ran before on this Redis.
        m.put("provtid.redis.key-prefix", "provtid-test-ratelimit-" + UUID.randomUUID());
        return m;
    }

    String trustedProxies() {
        return "127.0.0.1,10.0.0.0/8";
    }

    /** The same limits; no trusted proxy, so the peer (127.0.0.1) is every test client. */
    public static class Untrusted extends RateLimitProfile {
        @Override
        String trustedProxies() {
            return "";
        }
    }
}
