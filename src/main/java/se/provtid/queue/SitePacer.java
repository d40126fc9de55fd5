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

    /** Tokens a background request (a search) leaves in the bucket, so that the calls that cannot wait find one. */
    static final int KEPT_FOR_OTHERS = 2;

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
        acquire(0);
    }

    /**
     * Waits like {@link #acquire()}, but only takes a token while {@link #KEPT_FOR_OTHERS} more stay in the bucket: the
     * fleet's searches, which could fill the whole pace, so never delay a hold, a payment or a login's reads.
     */
    public void acquireBackground() throws InterruptedException {
        acquire(Math.max(0, Math.min(KEPT_FOR_OTHERS, config.site().burst() - 1)));
    }

    private void acquire(int keep) throws InterruptedException {
        while (true) {
            long waitMs = lua.run("pace", List.of(keys.siteBucket(), keys.sitePause()), List.of(
                    Long.toString(System.currentTimeMillis()), Double.toString(config.site().requestsPerSecond()),
                    Integer.toString(config.site().burst()), Integer.toString(keep))).toLong();
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
