package se.provtid.support;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import se.provtid.queue.RedisKeys;

/** When a test application stops, it removes every key of its own run's prefix from the shared Redis. */
@Singleton
public class TestKeyCleanup {

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public TestKeyCleanup(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** After everything else has stopped (workers hand their jobs back first). */
    void clean(@Observes @Priority(100_000) ShutdownEvent ev) {
        try {
            List<String> mine = new ArrayList<>();
            redis.key().scan(new KeyScanArgs().match(keys.prefix() + ":*").count(1000)).toIterable()
                    .forEach(mine::add);
            for (int i = 0; i < mine.size(); i += 500) {
                redis.key().del(mine.subList(i, Math.min(mine.size(), i + 500)).toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            // A test that stopped Redis leaves its keys to that Redis.
        }
    }
}
