package se.provtid.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/** Reads a job's event stream on the API's reactive client (for SSE); Redis failing: {@link RedisUnavailableException}. */
@Singleton
public class ReactiveEventLog {

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    public ReactiveEventLog(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Events after {@code afterId} (exclusive; "0" for all), oldest first, at most {@code count}. */
    public Uni<List<StoredEvent>> after(String jobId, String afterId, int count) {
        return RedisCalls.reactive(redis.execute("XRANGE", keys.events(jobId), StreamEntries.after(afterId), "+",
                "COUNT", Integer.toString(count))).map(StreamEntries::parse);
    }

    /** Events from {@code afterId} (exclusive) up to {@code toId} (inclusive), oldest first, at most {@code count}. */
    public Uni<List<StoredEvent>> between(String jobId, String afterId, String toId, int count) {
        return RedisCalls.reactive(redis.execute("XRANGE", keys.events(jobId), StreamEntries.after(afterId), toId,
                "COUNT", Integer.toString(count))).map(StreamEntries::parse);
    }

    /** The event with exactly this id, or null. */
    public Uni<StoredEvent> byId(String jobId, String id) {
        return RedisCalls.reactive(redis.execute("XRANGE", keys.events(jobId), id, id)).map(StreamEntries::parse)
                .map(l -> l.isEmpty() ? null : l.getFirst());
    }

    /** Id of the newest entry, or "0" when the stream is empty. */
    public Uni<String> lastId(String jobId) {
        return RedisCalls.reactive(redis.execute("XREVRANGE", keys.events(jobId), "+", "-", "COUNT", "1"))
                .map(StreamEntries::parse)
                .map(StreamEntries::lastId);
    }
}
