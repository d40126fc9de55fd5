package se.provtid.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Reads a job's event stream, blocking, on the workers' client (for the webhook dispatcher); Redis failing comes out
 * as {@link RedisUnavailableException}.
 */
@Singleton
public class EventLog {

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public EventLog(WorkerRedis workers, RedisKeys keys) {
        this.redis = workers.get();
        this.keys = keys;
    }

    /** Events after {@code afterId} (exclusive; "0" for all), oldest first, at most {@code count}. */
    public List<StoredEvent> after(String jobId, String afterId, int count) {
        return StreamEntries.parse(RedisCalls.blocking(() -> redis.execute("XRANGE", keys.events(jobId),
                StreamEntries.after(afterId), "+", "COUNT", Integer.toString(count))));
    }

    /** Id of the newest entry, or "0" when the stream is empty. */
    public String lastId(String jobId) {
        return StreamEntries.lastId(StreamEntries.parse(
                RedisCalls.blocking(() -> redis.execute("XREVRANGE", keys.events(jobId), "+", "-", "COUNT", "1"))));
    }
}
