package se.provtid.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The last attempt on each endpoint (by redacted URL), fleet-wide, for /webhooks/health. */
@Singleton
public class EndpointStatus {

    private final RedisDataSource redis;
    private final WebhookKeys keys;
    private final ObjectMapper json;
    private final long retentionMs;

    public EndpointStatus(RedisDataSource redis, WebhookKeys keys, ObjectMapper json, WebhookConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.retentionMs = config.retention().toMillis();
    }

    /** Records an attempt; keeps the time of the endpoint's last success. */
    public void record(Endpoint endpoint, AttemptResult r, long nowMs) {
        String field = endpoint.redacted();
        ObjectNode prior = parse(redis.hash(String.class).hget(keys.endpoints(), field));
        ObjectNode n = json.createObjectNode();
        n.put("endpoint", field);
        n.put("supabase", endpoint.supabase());
        if (r.status() > 0) {
            n.put("last_status", r.status());
        } else {
            n.putNull("last_status");
        }
        n.put("last_outcome", r.kind().name().toLowerCase());
        if (r.error() != null) {
            n.put("last_error", r.error());
        }
        n.put("last_attempt_at", nowMs);
        long lastOk = r.kind() == AttemptResult.Kind.DELIVERED ? nowMs
                : prior == null ? 0 : prior.path("last_success_at").asLong(0);
        if (lastOk > 0) {
            n.put("last_success_at", lastOk);
        }
        redis.hash(String.class).hset(keys.endpoints(), field, n.toString());
    }

    /** The most recently attempted endpoints, newest first, with ISO times. */
    public List<Map<String, Object>> recent(int limit) {
        List<ObjectNode> all = new ArrayList<>();
        redis.hash(String.class).hgetall(keys.endpoints()).values().forEach(v -> {
            ObjectNode n = parse(v);
            if (n != null) {
                all.add(n);
            }
        });
        all.sort(Comparator.comparingLong((ObjectNode n) -> n.path("last_attempt_at").asLong()).reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (ObjectNode n : all.subList(0, Math.min(limit, all.size()))) {
            iso(n, "last_attempt_at");
            iso(n, "last_success_at");
            out.add(json.convertValue(n, Map.class));
        }
        return out;
    }

    /** Forgets endpoints not attempted within the retention, so one-off job URLs do not pile up. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        long cutoff = System.currentTimeMillis() - retentionMs;
        redis.hash(String.class).hgetall(keys.endpoints()).forEach((field, v) -> {
            ObjectNode n = parse(v);
            if (n == null || n.path("last_attempt_at").asLong() < cutoff) {
                redis.hash(String.class).hdel(keys.endpoints(), field);
            }
        });
    }

    private static void iso(ObjectNode n, String field) {
        if (n.has(field)) {
            n.put(field, Instant.ofEpochMilli(n.path(field).asLong()).toString());
        }
    }

    private ObjectNode parse(String v) {
        if (v == null) {
            return null;
        }
        try {
            return json.readTree(v) instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
