package se.provtid.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisKeys;
import se.provtid.queue.WorkerRedis;

/**
 * What every searching job of the fleet wants, kept in Redis: each job renews its {@link Want} at every turn
 * ({@code search-tick.lua}); a want not renewed for {@link #STALE_MS} (its worker died) is dropped by the planner.
 */
@Singleton
public class SearchDemand {

    private static final Logger LOG = Logger.getLogger(SearchDemand.class);
    /** A want nobody renewed for this long belongs to a job whose worker is gone. */
    static final long STALE_MS = 60_000;

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final ObjectMapper json;

    public SearchDemand(WorkerRedis workers, RedisKeys keys, ObjectMapper json) {
        this.redis = workers.get();
        this.keys = keys;
        this.json = json;
    }

    /** Every want in Redis now (a want that cannot be read is skipped: it is rewritten at its job's next turn). */
    public List<Want> all() {
        Map<String, String> raw = RedisCalls.blocking(() -> redis.hash(String.class).hgetall(keys.searchWants()));
        List<Want> out = new ArrayList<>(raw.size());
        raw.forEach((job, text) -> {
            try {
                out.add(json.readValue(text, Want.class));
            } catch (JsonProcessingException e) {
                LOG.warnf("search want of job %s unreadable (%s); skipped", job, e.getClass().getSimpleName());
            }
        });
        return out;
    }

    /** The want as its JSON. */
    String encode(Want want) {
        try {
            return json.writeValueAsString(want);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a want is always writable", e);
        }
    }

    /** The job no longer searches (it holds a slot, or ended): its want goes, and with it its share of the plan. */
    public void leave(String jobId) {
        RedisCalls.blocking(() -> {
            redis.hash(String.class).hdel(keys.searchWants(), jobId);
            redis.sortedSet(String.class).zrem(keys.searchWantsSeen(), jobId);
            redis.key().del(keys.searchInbox(jobId));
        });
    }

    /**
     * The job watches: its want is kept, marked watching, out of the renewals (nobody renews it; the job's move to
     * a final state removes it, and so does the watch sweeper for a job that is gone).
     */
    void watch(Want watching, String encoded) {
        RedisCalls.blocking(() -> {
            redis.hash(String.class).hset(keys.searchWants(), watching.jobId(), encoded);
            redis.sortedSet(String.class).zrem(keys.searchWantsSeen(), watching.jobId());
            redis.key().del(keys.searchInbox(watching.jobId()));
        });
    }

    /** Drops the wants not renewed since {@code before} (epoch ms); how many went. */
    int dropStale(long before) {
        List<String> stale = RedisCalls.blocking(() -> redis.sortedSet(String.class)
                .zrangebyscore(keys.searchWantsSeen(), io.quarkus.redis.datasource.sortedset.ScoreRange.from(
                        Double.NEGATIVE_INFINITY, (double) before)));
        if (!stale.isEmpty()) {
            String[] ids = stale.toArray(String[]::new);
            RedisCalls.blocking(() -> {
                redis.hash(String.class).hdel(keys.searchWants(), ids);
                redis.sortedSet(String.class).zrem(keys.searchWantsSeen(), ids);
            });
        }
        return stale.size();
    }
}
