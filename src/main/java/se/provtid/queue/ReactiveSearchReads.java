package se.provtid.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** What the status view reads of the fleet's search, on the reactive client: a job's want and when places were searched. */
@Singleton
public class ReactiveSearchReads {

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    public ReactiveSearchReads(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The job's want as stored ({@code search.Want} JSON), or null when it has none (not searching or watching). */
    public Uni<String> want(String jobId) {
        return RedisCalls.reactive(redis.hash(String.class).hget(keys.searchWants(), jobId));
    }

    /** When each of these {@code exam|location id} fields was last searched (epoch ms; absent when never). */
    public Uni<Map<String, String>> lastSearched(List<String> fields) {
        if (fields.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return RedisCalls.reactive(redis.hash(String.class).hmget(keys.searchPlaceLast(), fields.toArray(String[]::new)));
    }
}
