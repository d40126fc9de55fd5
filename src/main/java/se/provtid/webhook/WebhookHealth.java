package se.provtid.webhook;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import se.provtid.queue.RedisCalls;

/** Fleet-wide delivery figures for /webhooks/health, read on the API's reactive client without blocking. */
@Singleton
public class WebhookHealth {

    /** Endpoints listed on the page. */
    private static final int ENDPOINTS = 50;
    /** An in-flight mark whose attempt timed out this long ago was left by a process that died mid-attempt. */
    private static final long LEFT_OVER_MS = 60_000;

    private final ReactiveRedisDataSource redis;
    private final ReactiveSortedSetCommands<String, String> sortedSets;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final WebhookKeys keys;
    private final ReactiveEndpointStatus endpoints;
    private final WebhookDispatcher dispatcher;
    private final WebhookSigner signer;
    private final WebhookConfig config;

    public WebhookHealth(ReactiveRedisDataSource redis, WebhookKeys keys, ReactiveEndpointStatus endpoints,
            WebhookDispatcher dispatcher, WebhookSigner signer, WebhookConfig config) {
        this.redis = redis;
        this.sortedSets = redis.sortedSet(String.class);
        this.hashes = redis.hash(String.class);
        this.keys = keys;
        this.endpoints = endpoints;
        this.dispatcher = dispatcher;
        this.signer = signer;
        this.config = config;
    }

    /** The health document without its timestamp; "status" is "stuck" when {@link WebhookHealthFigures#stuck} holds. */
    public Uni<Map<String, Object>> snapshot() {
        long now = System.currentTimeMillis();
        // One translation for the whole read: its steps are client calls, and the figures' own code cannot fail.
        return RedisCalls.reactive(redis.execute("ZREMRANGEBYSCORE", keys.inFlight(), "-inf",
                Long.toString(now - LEFT_OVER_MS))
                .chain(() -> Uni.combine().all().unis(firstScore(keys.follow()), firstScore(keys.backlog()),
                        hashes.hgetall(keys.stats()), hashes.hgetall(keys.backlogSizes()),
                        sortedSets.zcard(keys.backlog()),
                        redis.execute("ZCOUNT", keys.inFlight(), Long.toString(now), "+inf").map(Response::toLong),
                        sortedSets.zcard(keys.follow()), endpoints.recent(ENDPOINTS))
                        .with((due, waiting, stats, sizes, deliveries, inFlight, followed, recent) ->
                                new WebhookHealthFigures(now, due, waiting, stats, sizes.values(), deliveries,
                                        inFlight, followed, recent))))
                .map(f -> f.document(config.stuckAfter(), thisProcess()));
    }

    private Map<String, Object> thisProcess() {
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("dispatcher_running", dispatcher.running());
        self.put("signing_configured", signer.ready());
        self.put("allow_private", config.allowPrivate());
        return self;
    }

    /** The lowest score of a sorted set (epoch ms), or null when it is empty. */
    private Uni<Long> firstScore(String key) {
        return sortedSets.zrangeWithScores(key, 0, 0).map(l -> l.isEmpty() ? null : (long) l.getFirst().score());
    }
}
