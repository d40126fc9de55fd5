package se.provtid.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Dead letters in Redis: one expiring key each, plus an index by time of death (pruned as keys expire). */
@Singleton
public class DeadLetterStore {

    private final RedisDataSource redis;
    private final WebhookKeys keys;
    private final ObjectMapper json;

    public DeadLetterStore(RedisDataSource redis, WebhookKeys keys, ObjectMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    /** Newest first, at most {@code limit}, optionally only one job's. */
    public List<DeadLetter> list(int limit, String jobId) {
        List<DeadLetter> out = new ArrayList<>();
        Response ids = redis.execute("ZREVRANGE", keys.deadIndex(), "0", "-1");
        if (ids == null) {
            return out;
        }
        for (Response id : ids) {
            if (out.size() >= limit) {
                break;
            }
            DeadLetter d = get(id.toString());
            if (d == null) {
                redis.execute("ZREM", keys.deadIndex(), id.toString()); // expired
            } else if (jobId == null || jobId.equals(d.jobId())) {
                out.add(d);
            }
        }
        return out;
    }

    public DeadLetter get(String id) {
        Response r = redis.execute("GET", keys.dead(id));
        if (r == null) {
            return null;
        }
        try {
            return json.readValue(r.toString(), DeadLetter.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt dead letter " + id, e);
        }
    }

    public void update(DeadLetter d) {
        try {
            redis.execute("SET", keys.dead(d.id()), json.writeValueAsString(d), "KEEPTTL");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public void delete(String id) {
        redis.execute("DEL", keys.dead(id));
        redis.execute("ZREM", keys.deadIndex(), id);
    }

    /** Keeps two replays of one dead letter apart for {@code ms}; false when one is running. */
    public boolean lock(String id, long ms) {
        return redis.execute("SET", keys.replayLock(id), "1", "NX", "PX", Long.toString(ms)) != null;
    }

    public void unlock(String id) {
        redis.execute("DEL", keys.replayLock(id));
    }

    /** Adds to a fleet-wide counter. */
    public void count(String stat) {
        redis.execute("HINCRBY", keys.stats(), stat, "1");
    }
}
