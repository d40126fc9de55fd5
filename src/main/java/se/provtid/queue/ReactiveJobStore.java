package se.provtid.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import se.provtid.job.Job;
import se.provtid.job.JobEvent;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.job.JobSummary;

/**
 * Jobs in Redis for the API, on the reactive client: create, read and change state without blocking a thread. Redis
 * failing comes out as {@link RedisUnavailableException}.
 */
@Singleton
public class ReactiveJobStore {

    private final RedisKeys keys;
    private final LuaScripts lua;
    private final JobCodec codec;
    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final Clock clock;

    public ReactiveJobStore(RedisKeys keys, LuaScripts lua, JobCodec codec, ReactiveRedisDataSource redis,
            Clock clock) {
        this.keys = keys;
        this.lua = lua;
        this.codec = codec;
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.clock = clock;
    }

    /** Where a job's stream stands, for a new subscriber: its state and the ids of its latest status and QR events. */
    public record StreamMarks(JobStatus status, String lastStatusId, String lastQrId) {
    }

    /**
     * Stores a new job and queues it, unless a queue rule says no: the Idempotency-Key was seen
     * (duplicate: same request; key_reused: another request), the user has an active job, or the queue is full.
     */
    public Uni<JobStore.Enqueued> create(String id, JobRequest request, String canonicalRequest, Instant now,
            JobEvent firstEvent, String idempotencyKey, String fingerprint, String traceParent) {
        JobCodec.ScriptCall c = codec.create(id, request, canonicalRequest, now, firstEvent, idempotencyKey,
                fingerprint, traceParent);
        return lua.callConfirmed(c.script(), c.keys(), c.args()).map(codec::enqueued);
    }

    /** The canonical JSON of a request, as stored and fingerprinted. */
    public String canonical(JobRequest request) {
        return codec.write(request);
    }

    /** The job, or null when unknown (or expired from Redis). */
    public Uni<Job> find(String id) {
        return RedisCalls.reactive(hashes.hgetall(keys.job(id))).map(h -> codec.job(id, h));
    }

    /** What the status view shows, with the queue position while queued, in one round trip; null when unknown. */
    public Uni<JobSummary> summary(String id) {
        JobCodec.ScriptCall c = codec.summary(id);
        return lua.call(c.script(), c.keys(), c.args()).map(r -> codec.statusSummary(id, r));
    }

    /** 1-based position in the queue, or 0 when not queued. */
    public Uni<Long> queuePosition(String id) {
        return RedisCalls.reactive(redis.sortedSet(String.class).zrank(keys.queue(), id))
                .map(r -> r == null ? 0L : r + 1);
    }

    /** The job's state and its latest status and QR event ids, or null when the job is gone. */
    public Uni<StreamMarks> streamMarks(String id) {
        return RedisCalls.reactive(hashes.hmget(keys.job(id), JobFields.STATUS, JobFields.LAST_STATUS_ID,
                JobFields.LAST_QR_ID)).map(ReactiveJobStore::marks);
    }

    /** As {@link JobStore#transition}, without blocking. */
    public Uni<TransitionResult> transition(String id, JobStatus next, Collection<JobStatus> allowedFrom,
            String owner, JobUpdate update, List<JobEvent> events) {
        JobCodec.ScriptCall c = codec.transition(id, next, allowedFrom, owner, update, events, clock.millis());
        return (c.confirmed() ? lua.callConfirmed(c.script(), c.keys(), c.args()) : lua.call(c.script(), c.keys(),
                c.args())).map(JobCodec::transitioned);
    }

    private static StreamMarks marks(Map<String, String> m) {
        String s = m.get(JobFields.STATUS);
        return s == null ? null : new StreamMarks(JobStatus.valueOf(s), m.get(JobFields.LAST_STATUS_ID),
                m.get(JobFields.LAST_QR_ID));
    }
}
