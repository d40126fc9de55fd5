package se.provtid.webhook;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fleet-wide delivery figures from Redis, and the verdict on whether the backlog is stuck. */
@Singleton
public class WebhookHealth {

    private static final String[] COUNTERS = {"delivered", "failed", "dead", "dropped_qr", "gone", "replayed"};

    private final RedisDataSource redis;
    private final WebhookKeys keys;
    private final EndpointStatus endpoints;
    private final WebhookDispatcher dispatcher;
    private final WebhookSigner signer;
    private final WebhookConfig config;

    public WebhookHealth(RedisDataSource redis, WebhookKeys keys, EndpointStatus endpoints,
            WebhookDispatcher dispatcher, WebhookSigner signer, WebhookConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.endpoints = endpoints;
        this.dispatcher = dispatcher;
        this.signer = signer;
        this.config = config;
    }

    /**
     * Stuck means nobody is working the backlog: a followed job's look has been due for longer than
     * {@code stuckAfter} (no dispatcher runs, or they cannot keep up). A receiver that is down is not "stuck": its
     * retries are scheduled, so nothing is overdue.
     */
    static boolean stuck(Long overdueMs, Duration stuckAfter) {
        return overdueMs != null && overdueMs > stuckAfter.toMillis();
    }

    /** The health document; "status" is "stuck" when {@link #stuck} holds. */
    public Map<String, Object> snapshot() {
        long now = System.currentTimeMillis();
        redis.execute("ZREMRANGEBYSCORE", keys.inFlight(), "-inf", Long.toString(now - 60_000));
        Long oldestDue = firstScore(keys.follow());
        Long overdue = oldestDue == null || oldestDue > now ? null : now - oldestDue;
        Long oldestWaiting = firstScore(keys.backlog());
        Map<String, String> stats = redis.hash(String.class).hgetall(keys.stats());
        long pending = 0;
        for (String v : redis.hash(String.class).hgetall(keys.backlogSizes()).values()) {
            pending += Long.parseLong(v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", stuck(overdue, config.stuckAfter()) ? "stuck" : "healthy");
        out.put("pending", pending);
        out.put("pending_deliveries", redis.execute("ZCARD", keys.backlog()).toLong());
        out.put("in_flight", redis.execute("ZCOUNT", keys.inFlight(), Long.toString(now), "+inf").toLong());
        for (String c : COUNTERS) {
            out.put(c, Long.parseLong(stats.getOrDefault(c, "0")));
        }
        out.put("oldest_pending_age_seconds", oldestWaiting == null ? null : Math.max(0, (now - oldestWaiting) / 1000));
        out.put("followed_jobs", redis.execute("ZCARD", keys.follow()).toLong());
        out.put("overdue_seconds", overdue == null ? 0 : overdue / 1000);
        out.put("stuck_after_seconds", config.stuckAfter().toSeconds());
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("dispatcher_running", dispatcher.running());
        self.put("signing_configured", signer.ready());
        self.put("allow_private", config.allowPrivate());
        out.put("this_process", self);
        out.put("endpoints", endpoints.recent(50));
        return out;
    }

    private Long firstScore(String key) {
        var first = redis.sortedSet(String.class).zrangeWithScores(key, 0, 0);
        return first.isEmpty() ? null : (long) first.getFirst().score();
    }
}
