package se.provtid.search;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisKeys;
import se.provtid.queue.WorkerRedis;

/**
 * Notes which of our jobs is trying to hold a slot, in both search modes, and counts a self-collision when two of
 * them try the same slot at once: the fleet's hand-out must keep that count at zero; per-job search does not.
 */
@Singleton
public class SlotClaims {

    private static final Logger LOG = Logger.getLogger(SlotClaims.class);
    /** Longer than a reservation call may take (its timeout and retries), so an attempt is never forgotten midway. */
    private static final long TRYING_MS = 60_000;

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final SearchMetrics metrics;

    public SlotClaims(WorkerRedis workers, RedisKeys keys, SearchMetrics metrics) {
        this.redis = workers.get();
        this.keys = keys;
        this.metrics = metrics;
    }

    /** The job starts trying to hold the slot; true when another of our jobs is trying it too (a self-collision). */
    public boolean begin(long examinationId, String jobId) {
        String key = keys.searchTrying(examinationId);
        boolean first = RedisCalls.blocking(() -> redis.execute("SET", key, jobId, "NX", "PX",
                Long.toString(TRYING_MS))) != null;
        if (first) {
            return false;
        }
        String other = RedisCalls.blocking(() -> redis.value(String.class).get(key));
        if (other == null || other.equals(jobId)) {
            return false;
        }
        RedisCalls.blocking(() -> redis.hash(String.class).hincrby(keys.searchCounters(), "self_collisions", 1));
        metrics.selfCollision();
        LOG.infof("job %s tries slot %d while job %s does (a self-collision)", jobId, examinationId, other);
        return true;
    }

    /** The job's try ended: held or not. */
    public void finish(long examinationId, String jobId, boolean held) {
        String key = keys.searchTrying(examinationId);
        RedisCalls.blocking(() -> {
            if (jobId.equals(redis.value(String.class).get(key))) {
                redis.key().del(key);
            }
            if (held) {
                redis.hash(String.class).hincrby(keys.searchCounters(), "holds", 1);
            }
        });
    }
}
