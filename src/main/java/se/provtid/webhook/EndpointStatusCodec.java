package se.provtid.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How an endpoint's last attempt looks in Redis (one JSON entry per redacted URL) and on the health page; shared by
 * the dispatcher's blocking {@link EndpointStatus} and the API's {@link ReactiveEndpointStatus}.
 */
@Singleton
class EndpointStatusCodec {

    private final ObjectMapper json;

    EndpointStatusCodec(ObjectMapper json) {
        this.json = json;
    }

    /** The entry after an attempt; {@code prior} (the entry before it, or null) keeps the time of the last success. */
    String entry(Endpoint endpoint, AttemptResult r, long nowMs, String prior) {
        ObjectNode before = parse(prior);
        ObjectNode n = json.createObjectNode();
        n.put("endpoint", endpoint.redacted());
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
                : before == null ? 0 : before.path("last_success_at").asLong(0);
        if (lastOk > 0) {
            n.put("last_success_at", lastOk);
        }
        return n.toString();
    }

    /** The most recently attempted of {@code entries}, newest first, with ISO times. */
    List<Map<String, Object>> recent(Collection<String> entries, int limit) {
        List<ObjectNode> all = new ArrayList<>();
        entries.forEach(v -> {
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

    /** Whether an entry was last attempted before {@code cutoffMs}, or cannot be read. */
    boolean stale(String entry, long cutoffMs) {
        ObjectNode n = parse(entry);
        return n == null || n.path("last_attempt_at").asLong() < cutoffMs;
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
