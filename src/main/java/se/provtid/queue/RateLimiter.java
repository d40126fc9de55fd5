package se.provtid.queue;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import se.provtid.config.ProvtidConfig;

/**
 * Fleet-wide rate limits, counted in Redis so every API process shares one budget ({@code rate-limit.lua}, a fixed
 * window, on the API's reactive client). So that the limit costs the API none of its throughput, a client that is
 * far from a generous limit is counted in this process and its count sent to Redis in batches (every
 * {@link #FLUSH_DELAY}); near its limit, or under a small one, every request is counted in Redis at once, so the
 * limit is exact where it matters; a client over its limit is refused here until its window ends.
 */
@Singleton
public class RateLimiter {

    /** How one check came out: the limit, what is left of it, and seconds until the window resets. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    /** Limits of at least this many requests a window may be counted locally while far from them. */
    static final int LOCAL_MIN_LIMIT = 50;
    static final Duration FLUSH_DELAY = Duration.ofMillis(50);
    /** A local view of the fleet's count older than this is refreshed from Redis before it is trusted. */
    private static final long MAX_VIEW_AGE_MS = 250;
    private static final int MAX_BUDGETS = 10_000;

    /** This process's view of one client's window: the fleet's count when last heard, and what it added since. */
    private static final class Budget {
        /** The client's counter in Redis, hashed once (the window is the same for every client). */
        final String key;
        long count;
        int pending;
        long resetAt;
        long syncedAt;
        boolean flushScheduled;

        Budget(String key) {
            this.key = key;
        }
    }

    /** Budgets by client address. */
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final LuaScripts scripts;
    private final RedisKeys keys;
    private final int requests;
    private final long windowMs;

    public RateLimiter(LuaScripts scripts, RedisKeys keys, ProvtidConfig config) {
        this.scripts = scripts;
        this.keys = keys;
        this.requests = config.rateLimit().requests();
        this.windowMs = Math.max(1, config.rateLimit().window().toMillis());
    }

    /** Whether the API limit per client address is on (RATE_LIMIT_REQUESTS above 0). */
    public boolean clientLimitOn() {
        return requests > 0;
    }

    /** Counts one API request of a client address. */
    public Uni<Decision> client(String address) {
        Decision d = local(address);
        return d != null ? Uni.createFrom().item(d) : remote(address);
    }

    /**
     * Decides one API request of a client address in this process, without waiting, when it can: the client is
     * over its limit, or far from a generous one (then the request is counted here and sent in the next batch).
     * Null when it must be counted in Redis: then call {@link #remote}, which counts it; null counts nothing.
     */
    public Decision local(String address) {
        long now = System.currentTimeMillis();
        Budget b = budget(address, now);
        synchronized (b) {
            if (now >= b.resetAt) {
                return null;
            }
            long left = b.resetAt - now;
            if (b.count > requests) {
                return new Decision(false, requests, 0, seconds(left));
            }
            if (requests >= LOCAL_MIN_LIMIT && 2 * (b.count + b.pending + 1) <= requests
                    && now - b.syncedAt < MAX_VIEW_AGE_MS) {
                b.pending++;
                scheduleFlush(b);
                return new Decision(true, requests, (int) (requests - b.count - b.pending), seconds(left));
            }
            return null;
        }
    }

    /** Counts one API request of a client address in Redis, with what this process counted since its last batch. */
    public Uni<Decision> remote(String address) {
        long now = System.currentTimeMillis();
        Budget b = budget(address, now);
        int n;
        synchronized (b) {
            n = b.pending + 1;
            b.pending = 0;
        }
        return count(n, b).map(c -> new Decision(c <= requests, requests, (int) Math.max(0, requests - c),
                seconds(Math.max(0, b.resetAt - now))));
    }

    private Budget budget(String address, long now) {
        if (budgets.size() > MAX_BUDGETS) {
            budgets.values().removeIf(b -> b.resetAt < now);
        }
        Budget b = budgets.get(address);
        return b != null ? b : budgets.computeIfAbsent(address, a -> new Budget(keys.rateLimitClient(a, windowMs)));
    }

    private void scheduleFlush(Budget b) {
        if (b.flushScheduled) {
            return;
        }
        b.flushScheduled = true;
        Uni.createFrom().voidItem().onItem().delayIt().by(FLUSH_DELAY).chain(() -> {
            int n;
            synchronized (b) {
                n = b.pending;
                b.pending = 0;
                b.flushScheduled = false;
            }
            return n == 0 ? Uni.createFrom().item(0L) : count(n, b);
        }).subscribe().with(x -> { }, e -> { }); // a lost batch only makes the fleet's count a little low
    }

    /** Adds {@code n} requests to the fleet's count in Redis; the count after them, remembered in {@code b}. */
    private Uni<Long> count(int n, Budget b) {
        long sent = System.currentTimeMillis();
        return scripts.call("rate-limit", List.of(b.key), List.of(Long.toString(windowMs), Integer.toString(n)))
                .map(r -> {
                    long c = r.get(0).toLong();
                    long ttl = Math.max(0, r.get(1).toLong());
                    synchronized (b) {
                        b.count = c;
                        b.resetAt = sent + ttl;
                        b.syncedAt = sent;
                    }
                    return c;
                });
    }

    private static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }

    /** The window every limit counts in. */
    public Duration window() {
        return Duration.ofMillis(windowMs);
    }
}
