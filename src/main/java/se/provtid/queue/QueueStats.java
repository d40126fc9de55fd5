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

    /**
     * Queued and running jobs, the workers whose heartbeat is younger than three lease lengths, and until when
     * the fleet-wide site pause (after a 403 or 429 from the site) lasts: epoch milliseconds, 0 when none.
     */
    public record Figures(long queued, long running, List<String> liveWorkers, long sitePausedUntil) {
    }

    /** Whether Redis answers. */
    public Uni<Boolean> ping() {
        return redis.execute("PING").map(r -> "PONG".equalsIgnoreCase(r.toString()))
                .onFailure().recoverWithItem(false);
    }

    public Uni<Figures> figures() {
        long cutoff = System.currentTimeMillis() - 3 * config.worker().leaseDuration().toMillis();
        return Uni.combine().all().unis(RedisCalls.reactive(redis.sortedSet(String.class).zcard(keys.queue())),
                RedisCalls.reactive(redis.sortedSet(String.class).zcard(keys.leases())),
                RedisCalls.reactive(redis.hash(String.class).hgetall(keys.workers())),
                RedisCalls.reactive(redis.value(String.class).get(keys.sitePause())))
                .with((queued, running, workers, pause) -> {
                    List<String> live = new ArrayList<>();
                    workers.forEach((id, beat) -> {
                        if (Long.parseLong(beat) >= cutoff) {
                            live.add(id);
                        }
                    });
                    long pausedUntil = pause == null ? 0 : Long.parseLong(pause);
                    return new Figures(queued, running, live,
                            pausedUntil > System.currentTimeMillis() ? pausedUntil : 0);
                });
    }
}
