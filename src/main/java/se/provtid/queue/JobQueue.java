package se.provtid.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;

/**
 * The priority queue and the lease set: atomic claims, heartbeats and the return of expired leases. Redis failing
 * comes out as {@link RedisUnavailableException}.
 */
@Singleton
public class JobQueue {

    /** The states whose expired lease hands the job back (requeue-expired.lua); in any other it is only dropped. */
    private static final String ACTIVE = JobCodec.spaced(JobStatus.actives());
    /** The status update of a job handed back by requeue-expired.lua, which writes it itself (no params). */
    private static final Notice LEASE_EXPIRED = Notice.leaseExpired();

    private final RedisKeys keys;
    private final LuaScripts lua;
    private final RedisDataSource redis;
    private final ProvtidConfig config;
    private final Clock clock;

    public JobQueue(RedisKeys keys, LuaScripts lua, WorkerRedis workers, ProvtidConfig config, Clock clock) {
        this.keys = keys;
        this.lua = lua;
        this.redis = workers.get();
        this.config = config;
        this.clock = clock;
    }

    /** Claims the head of the queue for this worker, or returns null when nothing may run now. */
    public String claim(String workerId) {
        Response r = lua.run("claim", List.of(keys.queue(), keys.leases()), List.of(
                Long.toString(clock.millis()), Long.toString(config.worker().leaseDuration().toMillis()),
                Integer.toString(config.worker().maxConcurrentJobs()), workerId, keys.jobPrefix()));
        return r == null ? null : r.toString();
    }

    /** Renews this worker's leases and records what it runs; returns the ids whose lease it has lost. */
    public List<String> heartbeat(String workerId, Collection<String> jobIds, WorkerVitals vitals) {
        RedisCalls.blocking(() -> redis.execute("HSET", keys.workers(), workerId, Long.toString(clock.millis())));
        RedisCalls.blocking(() -> redis.execute("HSET", keys.workerVitals(), workerId, vitals.encode()));
        if (jobIds.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of(
                Long.toString(clock.millis() + config.worker().leaseDuration().toMillis()), workerId,
                keys.jobPrefix()));
        args.addAll(jobIds);
        List<String> lost = new ArrayList<>();
        Response r = lua.run("heartbeat", List.of(keys.leases()), args);
        if (r != null) {
            r.forEach(x -> lost.add(x.toString()));
        }
        return lost;
    }

    /** Returns jobs whose lease expired to the queue; returns their ids. */
    public List<String> requeueExpired(int limit) {
        Response r = lua.run("requeue-expired", List.of(keys.leases(), keys.queue()), List.of(
                Long.toString(clock.millis()), Integer.toString(limit), keys.jobPrefix(), keys.eventsPrefix(),
                Integer.toString(config.worker().eventStreamMaxLength()), keys.notifyChannel(),
                LEASE_EXPIRED.message(), ACTIVE, JobStatus.queued.name(),
                Integer.toString(JobStatus.queued.progress()), LEASE_EXPIRED.code().name()));
        List<String> ids = new ArrayList<>();
        if (r != null) {
            r.forEach(x -> ids.add(x.toString()));
        }
        return ids;
    }

    /** Removes a worker from the list of live workers. */
    public void forgetWorker(String workerId) {
        RedisCalls.blocking(() -> redis.execute("HDEL", keys.workers(), workerId));
        RedisCalls.blocking(() -> redis.execute("HDEL", keys.workerVitals(), workerId));
    }

}
