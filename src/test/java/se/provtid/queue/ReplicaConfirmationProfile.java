package se.provtid.queue;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import se.provtid.support.PrivateRedis;

/** An API-only process on a redis-server of its own that wants one replica to confirm each accepted start. */
public class ReplicaConfirmationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.role", "api", "provtid.webhooks.dispatcher", "false", "provtid.redis.wait-replicas",
                "1", "provtid.redis.wait-timeout", "PT0.3S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateRedis.class));
    }
}
