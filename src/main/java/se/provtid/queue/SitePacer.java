package se.provtid.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import se.provtid.config.ProvtidConfig;

/** Paces requests to the booking site for the whole fleet (kept in Redis), so more workers never mean more load. */
@Singleton
public class SitePacer {

    private final LuaScripts lua;
    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final ProvtidConfig config;

    public SitePacer(LuaScripts lua, WorkerRedis workers, RedisKeys keys, ProvtidConfig config) {
        this.lua = lua;
        this.redis = workers.get();
        this.keys = keys;
        this.config = config;
    }

    /** Waits until the fleet may send one more request to the site. */
    public void acquire() throws InterruptedException {
        while (true) {
            long waitMs = lua.run("pace", List.of(keys.siteBucket(), keys.sitePause()), List.of(
                    Long.toString(System.currentTimeMillis()), Double.toString(config.site().requestsPerSecond()),
                    Integer.toString(config.site().burst()))).toLong();
            if (waitMs <= 0) {
                return;
            }
            // Jitter, so that waiting workers do not all ask again at the same instant.
            Thread.sleep(waitMs + ThreadLocalRandom.current().nextLong(1 + waitMs / 4));
        }
    }

    /** Pauses every worker's site requests for this long (never shortens a longer pause). */
    public void pauseFleet(Duration d) {
        long until = System.currentTimeMillis() + d.toMillis();
        String current = RedisCalls.blocking(() -> redis.value(String.class).get(keys.sitePause()));
        if (current == null || Long.parseLong(current) < until) {
            RedisCalls.blocking(() -> redis.value(String.class).psetex(keys.sitePause(), d.toMillis() + 1000,
                    Long.toString(until)));
        }
    }
}
