package se.provtid.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A redis-server of the test's own for a @QuarkusTest, so it may read Redis' command counts or restart it. */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;

    /** The running server of the current test class. */
    public static RedisServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = RedisServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a private redis-server", e);
        }
        return Map.of("quarkus.redis.hosts", server.url(), "quarkus.redis.workers.hosts", server.url());
    }

    @Override
    public void stop() {
        try {
            server.shutdown();
        } catch (Exception e) {
            // Best effort: the temporary server dies with the test JVM's machine session anyway.
        }
    }
}
