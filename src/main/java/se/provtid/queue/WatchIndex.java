package se.provtid.queue;

import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import jakarta.inject.Singleton;
import java.util.List;

/** The watching jobs by when each watch ends ({@link RedisKeys#watching}), kept by transition.lua. */
@Singleton
public class WatchIndex {

    private final WorkerRedis redis;
    private final RedisKeys keys;

    public WatchIndex(WorkerRedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Up to {@code limit} watching jobs whose watch ended by {@code nowMillis}. */
    public List<String> endedBy(long nowMillis, int limit) {
        return RedisCalls.blocking(() -> redis.get().sortedSet(String.class).zrangebyscore(keys.watching(),
                ScoreRange.from(Double.NEGATIVE_INFINITY, (double) nowMillis), new ZRangeArgs().limit(0, limit)));
    }

    /** How many jobs watch now. */
    public long size() {
        return RedisCalls.blocking(() -> redis.get().sortedSet(String.class).zcard(keys.watching()));
    }
}
