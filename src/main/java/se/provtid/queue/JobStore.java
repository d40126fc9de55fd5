package se.provtid.queue;

import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import se.provtid.job.Job;
import se.provtid.job.JobEvent;
import se.provtid.job.JobStatus;

/**
 * Jobs in Redis for the workers and the webhook dispatcher (blocking, on their own connection pool): read, change
 * state atomically, append events. With {@link ReactiveJobStore}, the only writer of job hashes. Redis failing comes
 * out as {@link RedisUnavailableException}.
 */
@Singleton
public class JobStore {

    private final RedisKeys keys;
    private final LuaScripts lua;
    private final JobCodec codec;
    private final HashCommands<String, String, String> hashes;
    private final Clock clock;

    public JobStore(RedisKeys keys, LuaScripts lua, JobCodec codec, WorkerRedis redis, Clock clock) {
        this.keys = keys;
        this.lua = lua;
        this.codec = codec;
        this.hashes = redis.get().hash(String.class);
        this.clock = clock;
    }

    /** What creating a job did: created (detail = 0-based queue rank) or refused by a queue rule. */
    public record Enqueued(Outcome outcome, String detail) {
    }

    /** The outcomes of creating a job. */
    public enum Outcome {
        created, duplicate, key_reused, rate_limited, active, full, exists
    }

    /** Who runs a job and in which state, read in one step. */
    public record Holding(JobStatus status, String owner) {
    }

    /** The job, or null when unknown (or expired from Redis). */
    public Job find(String id) {
        return codec.job(id, RedisCalls.blocking(() -> hashes.hgetall(keys.job(id))));
    }

    /** The job's request as stored (JSON), or null when the job is gone. */
    public String requestJson(String id) {
        return RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.REQUEST));
    }

    /** The job's state, or null when it is gone. */
    public JobStatus status(String id) {
        String s = RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.STATUS));
        return s == null ? null : JobStatus.valueOf(s);
    }

    /** The job's user id, or null when it is gone. */
    public String userId(String id) {
        return RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.USER_ID));
    }

    /** Whether the job's person has logged in at least once (a later login that times out goes back to watching). */
    public boolean loggedInOnce(String id) {
        return "1".equals(RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.LOGGED_IN_ONCE)));
    }

    /** The slot a watching job was told of (an occasion as JSON), or null. */
    public String offeredSlot(String id) {
        return RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.OFFERED_SLOT));
    }

    /** The job's state and owner, or null when it is gone. */
    public Holding holding(String id) {
        Map<String, String> m = RedisCalls.blocking(() -> hashes.hmget(keys.job(id), JobFields.STATUS,
                JobFields.OWNER));
        String s = m.get(JobFields.STATUS);
        return s == null ? null : new Holding(JobStatus.valueOf(s), m.get(JobFields.OWNER));
    }

    /** Whether the job has recorded a slot it holds at the site. */
    public boolean holdsSlot(String id) {
        return RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.HELD_SLOT)) != null;
    }

    /** The examination a payment was started for and not yet settled, or null. */
    public Long payingExamination(String id) {
        String v = RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.PAYING));
        return v == null || v.isEmpty() ? null : Long.valueOf(v);
    }

    /** Whether a caller confirmed the held slot. */
    public boolean confirmRequested(String id) {
        return "1".equals(RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.CONFIRM)));
    }

    /** The reason of a cancel waiting for the next safe point, or null. */
    public String cancelRequest(String id) {
        return RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.CANCEL_REQUESTED));
    }

    /** The start request's W3C traceparent, or null when it was not traced. */
    public String traceParent(String id) {
        return RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.TRACE_PARENT));
    }

    /** The sealed site session, or null. */
    public String siteSession(String id) {
        String v = RedisCalls.blocking(() -> hashes.hget(keys.job(id), JobFields.SITE_SESSION));
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * Moves a job to {@code next} (or, when null, only updates it) if the state table allows it from the current
     * state (and, when {@code owner} is given, only while that worker owns it), storing fields and appending events
     * in the same step.
     */
    public TransitionResult transition(String id, JobStatus next, Collection<JobStatus> allowedFrom, String owner,
            JobUpdate update, List<JobEvent> events) {
        JobCodec.ScriptCall c = codec.transition(id, next, allowedFrom, owner, update, events, clock.millis());
        Response r = c.confirmed() ? lua.runConfirmed(c.script(), c.keys(), c.args())
                : lua.run(c.script(), c.keys(), c.args());
        return JobCodec.transitioned(r);
    }
}
