package se.provtid.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.provtid.queue.LuaScripts;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisUnavailableException;
import se.provtid.queue.WorkerRedis;

/**
 * Delivery state in Redis: the followed jobs, each job's endpoints and per-endpoint cursor, committed under lease.
 * Blocking, on the workers' client: only the dispatcher's virtual threads use it.
 */
@Singleton
public class DeliveryStore {

    private static final String ENDPOINTS = "endpoints";
    private static final String FINISHED = "finished";
    /** How long a finished job's marker outlives it: far longer than any look that raced past the follow check. */
    private static final long FINISHED_TTL_SECONDS = 3600;
    private static final TypeReference<List<Endpoint>> ENDPOINT_LIST = new TypeReference<>() {
    };

    /** A job's endpoints (null until first looked at), the state of each by endpoint id, and whether it is over. */
    public record JobDeliveries(List<Endpoint> endpoints, Map<String, PairState> pairs, boolean finished) {
        PairState pair(String endpointId) {
            return pairs.getOrDefault(endpointId, PairState.fresh());
        }
    }

    /** Events still waiting for one endpoint: how many, and when the oldest was added (epoch ms). */
    public record Waiting(int count, long oldestMs) {
    }

    private final RedisDataSource redis;
    private final LuaScripts lua;
    private final WebhookKeys keys;
    private final ObjectMapper json;
    private final long retentionSeconds;

    public DeliveryStore(WorkerRedis workers, LuaScripts lua, WebhookKeys keys, ObjectMapper json,
            WebhookConfig config) {
        this.redis = workers.get();
        this.lua = lua;
        this.keys = keys;
        this.json = json;
        this.retentionSeconds = config.retention().toSeconds();
    }

    /** Followed jobs whose next look is due, oldest first. */
    public List<String> due(long nowMs, int limit) {
        List<String> ids = new ArrayList<>();
        Response r = execute("ZRANGEBYSCORE", keys.follow(), "-inf", Long.toString(nowMs), "LIMIT", "0",
                Integer.toString(limit));
        if (r != null) {
            r.forEach(x -> ids.add(x.toString()));
        }
        return ids;
    }

    /** Sets when to look at a followed job next; a job no longer followed stays unfollowed. */
    public void reschedule(String jobId, long atMs) {
        execute("ZADD", keys.follow(), "XX", Long.toString(atMs), jobId);
    }

    /** Whether the job is still followed. */
    public boolean followed(String jobId) {
        return execute("ZSCORE", keys.follow(), jobId) != null;
    }

    /**
     * Stops following a job. Its state is marked finished and left to expire (after an hour) rather than deleted: a
     * look that raced past the follow check must find "finished", never an empty state that would start it over.
     */
    public void unfollow(String jobId, List<Endpoint> endpoints) {
        execute("HSET", keys.state(jobId), FINISHED, "1");
        execute("EXPIRE", keys.state(jobId), Long.toString(FINISHED_TTL_SECONDS));
        execute("ZREM", keys.follow(), jobId);
        if (endpoints != null) {
            for (Endpoint e : endpoints) {
                execute("ZREM", keys.backlog(), member(jobId, e));
                execute("HDEL", keys.backlogSizes(), member(jobId, e));
            }
        }
    }

    public JobDeliveries load(String jobId) {
        Map<String, String> h = RedisCalls.blocking(() -> redis.hash(String.class).hgetall(keys.state(jobId)));
        List<Endpoint> endpoints = h.containsKey(ENDPOINTS) ? read(h.get(ENDPOINTS), ENDPOINT_LIST) : null;
        Map<String, PairState> pairs = new HashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("ep_")) {
                pairs.put(k, read(v, new TypeReference<PairState>() {
                }));
            }
        });
        return new JobDeliveries(endpoints, pairs, h.containsKey(FINISHED));
    }

    /** Records a job's endpoints the first time it is looked at; returns false when another process was first. */
    public boolean saveEndpoints(String jobId, List<Endpoint> endpoints) {
        boolean set = execute("HSETNX", keys.state(jobId), ENDPOINTS, write(endpoints)).toInteger() == 1;
        execute("EXPIRE", keys.state(jobId), Long.toString(retentionSeconds));
        return set;
    }

    /**
     * Saves an endpoint's progress with its counters, backlog figures and dead letter, only while {@code token}
     * still holds the lease; returns false when the lease was lost (then nothing is written).
     */
    public boolean commit(String token, String jobId, Endpoint endpoint, PairState state, Waiting waiting,
            DeadLetter dead, Map<String, Long> stats) {
        List<String> k = List.of(keys.lease(jobId, endpoint.id()), keys.state(jobId), keys.stats(), keys.backlog(),
                keys.backlogSizes(), dead == null ? keys.none() : keys.dead(dead.id()), keys.deadIndex());
        List<String> args = new ArrayList<>(List.of(token, endpoint.id(), write(state),
                Long.toString(retentionSeconds), member(jobId, endpoint),
                waiting == null ? "" : Long.toString(waiting.oldestMs()),
                waiting == null ? "0" : Integer.toString(waiting.count()),
                dead == null ? "" : dead.id(), dead == null ? "" : write(dead), Long.toString(retentionSeconds),
                dead == null ? "0" : Long.toString(dead.deadAt())));
        stats.forEach((name, n) -> {
            args.add(name);
            args.add(Long.toString(n));
        });
        Response r = lua.run("webhook-commit", k, args);
        return r != null && r.toInteger() == 1;
    }

    /** Marks an attempt in flight until {@code untilMs}, so the health page can count attempts fleet-wide. */
    public void inFlight(String jobId, Endpoint endpoint, long untilMs) {
        execute("ZADD", keys.inFlight(), Long.toString(untilMs), member(jobId, endpoint));
    }

    public void landed(String jobId, Endpoint endpoint) {
        execute("ZREM", keys.inFlight(), member(jobId, endpoint));
    }

    static String member(String jobId, Endpoint endpoint) {
        return jobId + "|" + endpoint.id();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt webhook delivery state", e);
        }
    }

    /** One client call; Redis failing comes out as {@link RedisUnavailableException}. */
    private Response execute(String command, String... args) {
        return RedisCalls.blocking(() -> redis.execute(command, args));
    }
}
