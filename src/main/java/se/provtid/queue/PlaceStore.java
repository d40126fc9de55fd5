package se.provtid.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/** The places the site listed at logins (name to location id), shared by the fleet in one Redis hash. */
@Singleton
public class PlaceStore {

    private final ReactiveRedisDataSource api;
    private final RedisDataSource workers;
    private final RedisKeys keys;

    public PlaceStore(ReactiveRedisDataSource api, WorkerRedis workers, RedisKeys keys) {
        this.api = api;
        this.workers = workers.get();
        this.keys = keys;
    }

    /** Every place learned so far (a hundred or so entries), read without blocking. */
    public Uni<Map<String, Long>> learned() {
        return RedisCalls.reactive(api.hash(String.class).hgetall(keys.places())).map(m -> {
            Map<String, Long> out = new HashMap<>();
            m.forEach((name, id) -> {
                try {
                    out.put(name, Long.parseLong(id));
                } catch (NumberFormatException e) {
                    // Not written by this version: ignore the entry.
                }
            });
            return out;
        });
    }

    /** Records places a site listed (worker side, blocking); kept as long as the installation. */
    public void learn(Map<String, Long> places) {
        if (places.isEmpty()) {
            return;
        }
        Map<String, String> m = new HashMap<>();
        places.forEach((name, id) -> m.put(name, Long.toString(id)));
        RedisCalls.blocking(() -> workers.hash(String.class).hset(keys.places(), m));
    }
}
