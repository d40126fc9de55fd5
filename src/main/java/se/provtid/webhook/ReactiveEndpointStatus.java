package se.provtid.webhook;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import se.provtid.queue.RedisCalls;

/** The endpoints' last attempts on the API's reactive client: a replay records its attempt, the health page reads. */
@Singleton
public class ReactiveEndpointStatus {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final WebhookKeys keys;
    private final EndpointStatusCodec codec;

    ReactiveEndpointStatus(ReactiveRedisDataSource redis, WebhookKeys keys, EndpointStatusCodec codec) {
        this.hashes = redis.hash(String.class);
        this.keys = keys;
        this.codec = codec;
    }

    /** As {@link EndpointStatus#record}, without blocking. */
    public Uni<Void> record(Endpoint endpoint, AttemptResult r, long nowMs) {
        String field = endpoint.redacted();
        return RedisCalls.reactive(hashes.hget(keys.endpoints(), field)
                .chain(prior -> hashes.hset(keys.endpoints(), field, codec.entry(endpoint, r, nowMs, prior))))
                .replaceWithVoid();
    }

    /** The most recently attempted endpoints, newest first, with ISO times. */
    public Uni<List<Map<String, Object>>> recent(int limit) {
        return RedisCalls.reactive(hashes.hgetall(keys.endpoints())).map(h -> codec.recent(h.values(), limit));
    }
}
