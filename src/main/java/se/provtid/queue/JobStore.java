package se.provtid.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.BookingResult;
import se.provtid.job.Job;
import se.provtid.job.JobError;
import se.provtid.job.JobEvent;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.job.Slot;

/** Jobs in Redis: create, read, change state atomically, append events. The only writer of job hashes. */
@Singleton
public class JobStore {

    private final RedisKeys keys;
    private final LuaScripts lua;
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final ObjectMapper json;
    private final ProvtidConfig config;
    private final Clock clock;

    public JobStore(RedisKeys keys, LuaScripts lua, RedisDataSource redis, ObjectMapper json, ProvtidConfig config) {
        this.keys = keys;
        this.lua = lua;
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.json = json;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /** What creating a job did: created (detail = 0-based queue rank) or refused by a queue rule. */
    public record Enqueued(Outcome outcome, String detail) {
    }

    /** The outcomes of {@link #create}. */
    public enum Outcome {
        created, duplicate, key_reused, active, full, exists
    }

    /**
     * Stores a new job and queues it, unless a queue rule says no: the Idempotency-Key was seen
     * (duplicate: same request; key_reused: another request), the user has an active job, or the queue is full.
     */
    public Enqueued create(String id, JobRequest request, Instant now, JobEvent firstEvent, String idempotencyKey,
            String fingerprint) {
        long score = request.priority().rank() * 10_000_000_000_000L + now.toEpochMilli();
        List<String> args = new ArrayList<>(List.of(id, Long.toString(score), events(List.of(firstEvent)),
                Integer.toString(config.worker().eventStreamMaxLength()), keys.notifyChannel(),
                Integer.toString(config.worker().maxQueuedJobs()), fingerprint,
                Long.toString(config.worker().retention().toSeconds()), keys.jobPrefix()));
        addPairs(args, Map.of("id", id, "user_id", request.userId(), "request", write(request),
                "status", JobStatus.queued.name(), "message", "Queued", "created_at", Long.toString(now.toEpochMilli()),
                "updated_at", Long.toString(now.toEpochMilli()), "attempts", "0"));
        Response r = lua.run("enqueue", List.of(keys.job(id), keys.queue(), keys.events(id), keys.webhookJobs(),
                keys.userActiveJob(request.userId()), idempotencyKey == null ? "" : keys.idempotencyKey(idempotencyKey)),
                args);
        return new Enqueued(Outcome.valueOf(r.get(0).toString()), r.get(1).toString());
    }

    /** The job, or null when unknown (or expired from Redis). */
    public Job find(String id) {
        Map<String, String> h = hashes.hgetall(keys.job(id));
        if (h == null || h.isEmpty() || !h.containsKey("status")) {
            return null;
        }
        return new Job(id, read(h.get("request"), JobRequest.class), JobStatus.valueOf(h.get("status")),
                h.get("message"), instant(h.get("created_at")), instant(h.get("updated_at")),
                Integer.parseInt(h.getOrDefault("attempts", "0")), h.get("owner"),
                read(h.get("result"), BookingResult.class), read(h.get("error"), JobError.class),
                "1".equals(h.get("confirm")), read(h.get("held_slot"), Slot.class), h.containsKey("cancel_requested"));
    }

    /** A raw field of a job's hash (e.g. last event ids). */
    public String field(String id, String field) {
        return hashes.hget(keys.job(id), field);
    }

    /** 1-based position in the queue, or 0 when not queued. */
    public long queuePosition(String id) {
        Response r = redis.execute("ZRANK", keys.queue(), id);
        return r == null ? 0 : r.toLong() + 1;
    }

    /**
     * Moves a job to {@code next} when the state table allows it from the current state (and, when
     * {@code owner} is given, only while that worker owns it), storing fields and appending events atomically.
     */
    public TransitionResult transition(String id, JobStatus next, Collection<JobStatus> allowedFrom, String owner,
            Map<String, String> fields, List<JobEvent> events) {
        String from = allowedFrom.stream().map(Enum::name).collect(Collectors.joining(" "));
        boolean isFinal = next != null && next.isFinal();
        List<String> args = new ArrayList<>(List.of(id, next == null ? "" : next.name(), from, events(events),
                Integer.toString(config.worker().eventStreamMaxLength()), keys.notifyChannel(),
                Long.toString(clock.millis()), Long.toString(config.worker().retention().toSeconds()),
                isFinal ? "1" : "0", owner == null ? "" : owner));
        if (next != null) {
            args.addAll(List.of("message", messageOf(events, next)));
        }
        addPairs(args, fields);
        List<String> k = List.of(keys.job(id), keys.events(id), keys.leases(), keys.queue());
        Response r = lua.run("transition", k, args);
        return new TransitionResult(r.get(0).toInteger() == 1, r.get(1).toString());
    }

    /** Serialises a value for a hash field. */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String events(List<JobEvent> events) {
        List<Map<String, String>> list = events.stream()
                .map(e -> Map.of("type", e.eventType().name(), "data", write(e))).toList();
        return write(list);
    }

    private static String messageOf(List<JobEvent> events, JobStatus next) {
        for (JobEvent e : events) {
            Object m = e.data().get("message");
            if (m != null) {
                return m.toString();
            }
        }
        return next.name();
    }

    private <T> T read(String value, Class<T> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt job field of type " + type.getSimpleName(), e);
        }
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static void addPairs(List<String> args, Map<String, String> fields) {
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v == null ? "" : v);
        });
    }
}
