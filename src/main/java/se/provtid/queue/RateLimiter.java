package se.provtid.queue;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import se.provtid.config.ProvtidConfig;

/**
 * Fleet-wide rate limits, counted in Redis so every API process shares one budget: one atomic script
 * ({@code rate-limit.lua}, a fixed window) and one round trip per check, on the API's reactive client.
 */
@Singleton
public class RateLimiter {

    /** How one check came out: the limit, what is left of it, and seconds until the window resets. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final LuaScripts scripts;
    private final RedisKeys keys;
    private final int requests;
    private final int startPerUser;
    private final long windowMs;

    public RateLimiter(LuaScripts scripts, RedisKeys keys, ProvtidConfig config) {
        this.scripts = scripts;
        this.keys = keys;
        this.requests = config.rateLimit().requests();
        this.startPerUser = config.rateLimit().startPerUser();
        this.windowMs = Math.max(1, config.rateLimit().window().toMillis());
    }

    /** Whether the API limit per client address is on (RATE_LIMIT_REQUESTS above 0). */
    public boolean clientLimitOn() {
        return requests > 0;
    }

    /** Counts one API request of a client address. */
    public Uni<Decision> client(String address) {
        return check(keys.rateLimitClient(address, windowMs), requests);
    }

    /** Counts one start call of a user; always allowed when RATE_LIMIT_START_PER_USER is 0. */
    public Uni<Decision> start(String userId) {
        if (startPerUser <= 0) {
            return Uni.createFrom().item(new Decision(true, 0, 0, 0));
        }
        return check(keys.rateLimitStart(userId, windowMs), startPerUser);
    }

    /** The window every limit counts in. */
    public Duration window() {
        return Duration.ofMillis(windowMs);
    }

    private Uni<Decision> check(String key, int limit) {
        return scripts.call("rate-limit", List.of(key), List.of(Long.toString(windowMs))).map(r -> {
            long count = r.get(0).toLong();
            long ttl = Math.max(0, r.get(1).toLong());
            long reset = Math.max(1, (ttl + 999) / 1000);
            return new Decision(count <= limit, limit, (int) Math.max(0, limit - count), reset);
        });
    }
}
