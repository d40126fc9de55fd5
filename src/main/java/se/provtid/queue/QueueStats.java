package se.provtid.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import se.provtid.config.ProvtidConfig;

/** Fleet-wide figures of the queue for health and status pages, read on the API's reactive client. */
@Singleton
public class QueueStats {

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final ProvtidConfig config;

    public QueueStats(ReactiveRedisDataSource redis, RedisKeys keys, ProvtidConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.config = config;
    }

    /** Queued and running jobs, and the workers whose heartbeat is younger than three lease lengths. */
    public record Figures(long queued, long running, List<String> liveWorkers) {
    }

    /** Whether Redis answers. */
    public Uni<Boolean> ping() {
        return redis.execute("PING").map(r -> "PONG".equalsIgnoreCase(r.toString()))
                .onFailure().recoverWithItem(false);
    }

    public Uni<Figures> figures() {
        long cutoff = System.currentTimeMillis() - 3 * config.worker().leaseDuration().toMillis();
        return Uni.combine().all().unis(redis.sortedSet(String.class).zcard(keys.queue()),
                redis.sortedSet(String.class).zcard(keys.leases()),
                redis.hash(String.class).hgetall(keys.workers())).with((queued, running, workers) -> {
                    List<String> live = new ArrayList<>();
                    workers.forEach((id, beat) -> {
                        if (Long.parseLong(beat) >= cutoff) {
                            live.add(id);
                        }
                    });
                    return new Figures(queued, running, live);
                });
    }
}
