package se.provtid.stream;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import se.provtid.support.PrivateRedis;

/** An API-only process (no workers claim the jobs) on a redis-server of its own. */
public class PrivateRedisApiProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.role", "api", "provtid.webhooks.dispatcher", "false", "provtid.api.streams-per-job", "50");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateRedis.class));
    }
}
