package se.provtid.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.BookingResult;
import se.provtid.job.Job;
import se.provtid.job.JobError;
import se.provtid.job.JobEvent;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.job.JobSummary;
import se.provtid.job.Preferences;
import se.provtid.job.Slot;

/**
 * How jobs look in Redis: the keys and arguments of the enqueue and transition scripts, and a job read back
 * from its hash. Shared by the blocking store (workers) and the reactive one (API), so both speak the same.
 */
@Singleton
class JobCodec {

    /** The final states as a script argument: a user's job in any other is active (enqueue.lua). */
    static final String FINALS = spaced(JobStatus.finals());
    /** The states in which a job has a place in the queue (status.lua, list.lua). */
    static final String IN_QUEUE = spaced(JobStatus.inQueue());

    private final RedisKeys keys;
    private final ObjectMapper json;
    private final ObjectWriter writer;
    private final ProvtidConfig config;
    /** The per-user start limit (RATE_LIMIT_START_PER_USER), counted by the enqueue script itself. */
    private final int startsPerUser;
    private final long windowMs;

    JobCodec(RedisKeys keys, ObjectMapper json, ProvtidConfig config) {
        this.keys = keys;
        this.json = json;
        this.writer = json.writer();
        this.config = config;
        this.startsPerUser = config.rateLimit().startPerUser();
        this.windowMs = Math.max(1, config.rateLimit().window().toMillis());
    }

    /**
     * One call of a Lua script: its name, keys and arguments, and whether its write must outlive a failover
     * ({@link LuaScripts#runConfirmed}).
     */
    record ScriptCall(String script, List<String> keys, List<String> args, boolean confirmed) {
        ScriptCall(String script, List<String> keys, List<String> args) {
            this(script, keys, args, false);
        }
    }

    ScriptCall create(String id, JobRequest request, String canonicalRequest, Instant now, JobEvent firstEvent,
            String idempotencyKey, String fingerprint, String traceParent) {
        long score = request.priority().rank() * 10_000_000_000_000L + now.toEpochMilli();
        String millis = Long.toString(now.toEpochMilli());
        // The first event must be the queued status update: the script records its id as the latest status.
        List<String> args = new ArrayList<>(List.of(id, Long.toString(score), firstEvent.eventType().name(),
                write(firstEvent), Integer.toString(config.worker().eventStreamMaxLength()), keys.notifyChannel(),
                Integer.toString(config.worker().maxQueuedJobs()), fingerprint,
                Long.toString(config.worker().retention().toSeconds()), keys.jobPrefix(),
                Integer.toString(startsPerUser), Long.toString(windowMs), FINALS,
                JobFields.ID, id, JobFields.USER_ID, request.userId(), JobFields.REQUEST, canonicalRequest,
                JobFields.STATUS, JobStatus.queued.name(), JobFields.MESSAGE, String.valueOf(firstEvent.data().get("message")), JobFields.CREATED_AT, millis,
                JobFields.UPDATED_AT, millis, JobFields.ATTEMPTS, "0",
                JobFields.USER_INDEX, keys.userJobIndex(request.userId())));
        if (traceParent != null) {
            args.addAll(List.of(JobFields.TRACE_PARENT, traceParent));
        }
        return new ScriptCall("enqueue", List.of(keys.job(id), keys.queue(), keys.events(id), keys.webhookJobs(),
                keys.userActiveJob(request.userId()), idempotencyKey == null ? keys.none() : keys.idempotencyKey(idempotencyKey),
                keys.jobIndex(), keys.userJobIndex(request.userId()),
                startsPerUser > 0 ? keys.rateLimitStart(request.userId(), windowMs) : keys.none()),
                args, true); // an accepted start must survive a failover: the caller was told it is queued
    }

    JobStore.Enqueued enqueued(Response r) {
        return new JobStore.Enqueued(JobStore.Outcome.valueOf(r.get(0).toString()), r.get(1).toString());
    }

    ScriptCall transition(String id, JobStatus next, Collection<JobStatus> allowedFrom, String owner, JobUpdate update,
            List<JobEvent> events, long nowMillis) {
        List<String> args = new ArrayList<>(List.of(id, next == null ? "" : next.name(), spaced(allowedFrom),
                events(events), Integer.toString(config.worker().eventStreamMaxLength()), keys.notifyChannel(),
                Long.toString(nowMillis), Long.toString(config.worker().retention().toSeconds()),
                flag(next != null && next.isFinal()), flag(next != null && next.isQueued()),
                flag(next != null && next.waitsForScan()), owner == null ? "" : owner,
                flag(next != null && next.isWatching()), watchEnds(next, update)));
        if (next != null) {
            args.add(JobFields.MESSAGE);
            args.add(messageOf(events, next));
        }
        update.fields().forEach((k, v) -> {
            args.add(k);
            args.add(v == JobUpdate.REMOVE ? "" : v instanceof String s ? s : write(v));
        });
        return new ScriptCall("transition", List.of(keys.job(id), keys.events(id), keys.leases(), keys.queue(),
                keys.finishedInHour(nowMillis / 3_600_000L), keys.watching(), keys.searchWants(),
                keys.searchWantsSeen()), args, update.mustSurviveFailover());
    }

    /** When a move to watching ends its watch: the update must say ({@link JobUpdate#watchEnds}). */
    private static String watchEnds(JobStatus next, JobUpdate update) {
        if (next == null || !next.isWatching()) {
            return "0";
        }
        Object ends = update.fields().get(JobFields.WATCH_ENDS);
        if (!(ends instanceof String s)) {
            throw new IllegalArgumentException("a move to watching says when the watch ends");
        }
        return s;
    }

    /** States as a script argument: their names, space separated (the scripts take sets only from here). */
    static String spaced(Collection<JobStatus> states) {
        StringBuilder out = new StringBuilder();
        for (JobStatus s : states) {
            out.append(s.name()).append(' ');
        }
        return out.toString();
    }

    private static String flag(boolean on) {
        return on ? "1" : "0";
    }

    static TransitionResult transitioned(Response r) {
        return new TransitionResult(r.get(0).toInteger() == 1, r.get(1).toString());
    }

    /** The fields the status view reads, in the order {@link #summary} expects them. */
    private static final List<String> SUMMARY_FIELDS = List.of(JobFields.USER_ID, JobFields.STATUS, JobFields.MESSAGE,
            JobFields.CREATED_AT, JobFields.UPDATED_AT, JobFields.ATTEMPTS, JobFields.RESULT, JobFields.ERROR,
            JobFields.HELD_SLOT, JobFields.CANCEL_REQUESTED);

    /** The fields the status view reads, in the order {@link #summary(String, Response)} expects them. */
    List<String> summaryFields() {
        return SUMMARY_FIELDS;
    }

    /**
     * The status view's fields: the summary's, the open order's autostart token, which only the job's own status
     * view shows (the listing, for operators, reads {@link #SUMMARY_FIELDS} alone), and the request, for its
     * preferences.
     */
    private static final List<String> STATUS_FIELDS = List.of(JobFields.USER_ID, JobFields.STATUS, JobFields.MESSAGE,
            JobFields.CREATED_AT, JobFields.UPDATED_AT, JobFields.ATTEMPTS, JobFields.RESULT, JobFields.ERROR,
            JobFields.HELD_SLOT, JobFields.CANCEL_REQUESTED, JobFields.AUTOSTART_TOKEN, JobFields.WATCH_ENDS,
            JobFields.OFFERED_SLOT, JobFields.REQUEST);

    ScriptCall summary(String id) {
        List<String> args = new ArrayList<>(STATUS_FIELDS.size() + 2);
        args.add(id);
        args.add(IN_QUEUE);
        args.addAll(STATUS_FIELDS);
        return new ScriptCall("status", List.of(keys.job(id), keys.queue()), args);
    }

    /** The summary of a listing row ({@link #SUMMARY_FIELDS}, then the rank), or null when the job is unknown. */
    JobSummary summary(String id, Response r) {
        return summary(id, r, false);
    }

    /** The summary read by the status script ({@link #STATUS_FIELDS}, then the rank), or null when unknown. */
    JobSummary statusSummary(String id, Response r) {
        return summary(id, r, true);
    }

    private JobSummary summary(String id, Response r, boolean withAutostart) {
        String status = str(r.get(1));
        if (status == null) {
            return null;
        }
        int fields = withAutostart ? STATUS_FIELDS.size() : SUMMARY_FIELDS.size();
        long rank = r.get(fields).toLong();
        JobStatus st = JobStatus.valueOf(status);
        // Only while a scan is awaited: a token left behind by an older script version would name a dead order.
        String autostart = withAutostart && st.waitsForScan() ? str(r.get(SUMMARY_FIELDS.size())) : null;
        String watchEnds = withAutostart ? str(r.get(SUMMARY_FIELDS.size() + 1)) : null;
        Slot offered = withAutostart ? offeredSlot(str(r.get(SUMMARY_FIELDS.size() + 2))) : null;
        Preferences prefs = null;
        if (withAutostart) {
            JobRequest request = read(str(r.get(SUMMARY_FIELDS.size() + 3)), JobRequest.class);
            prefs = request == null ? null : request.preferences();
        }
        return new JobSummary(id, str(r.get(0)), st, str(r.get(2)), instant(str(r.get(3))),
                instant(str(r.get(4))), Integer.parseInt(Objects.requireNonNullElse(str(r.get(5)), "0")),
                read(str(r.get(6)), BookingResult.class), read(str(r.get(7)), JobError.class),
                read(str(r.get(8)), Slot.class), r.get(9) != null, rank < 0 ? null : rank + 1, autostart,
                instant(watchEnds), offered, prefs);
    }

    /** The announced slot as the status view shows it: place, date and time (the stored occasion has more). */
    private Slot offeredSlot(String occasionJson) {
        if (occasionJson == null) {
            return null;
        }
        try {
            JsonNode o = json.readTree(occasionJson);
            return new Slot(o.path("examinationId").asText(null), o.path("locationName").asText(null),
                    o.path("date").asText(null), o.path("time").asText(null), o.path("cost").asText(null), null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String str(Response r) {
        return r == null ? null : r.toString();
    }

    /** The job of a hash, or null when the hash is empty (unknown or expired). */
    Job job(String id, Map<String, String> h) {
        if (h == null || h.isEmpty() || !h.containsKey(JobFields.STATUS)) {
            return null;
        }
        return new Job(id, read(h.get(JobFields.REQUEST), JobRequest.class), JobStatus.valueOf(h.get(JobFields.STATUS)),
                h.get(JobFields.MESSAGE), instant(h.get(JobFields.CREATED_AT)), instant(h.get(JobFields.UPDATED_AT)),
                Integer.parseInt(h.getOrDefault(JobFields.ATTEMPTS, "0")), h.get(JobFields.OWNER),
                read(h.get(JobFields.RESULT), BookingResult.class), read(h.get(JobFields.ERROR), JobError.class),
                "1".equals(h.get(JobFields.CONFIRM)), read(h.get(JobFields.HELD_SLOT), Slot.class),
                h.containsKey(JobFields.CANCEL_REQUESTED));
    }

    /** Serialises a value for a hash field or a script argument. */
    String write(Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String events(List<JobEvent> events) {
        List<Map<String, String>> list = new ArrayList<>(events.size());
        for (JobEvent e : events) {
            list.add(Map.of("type", e.eventType().name(), "data", write(e)));
        }
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
}
