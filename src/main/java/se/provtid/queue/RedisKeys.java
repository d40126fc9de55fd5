package se.provtid.queue;

import jakarta.inject.Singleton;
import se.provtid.config.ProvtidConfig;
import se.provtid.crypto.Digests;

/** The one place that names Redis keys and channels. */
@Singleton
public class RedisKeys {

    private final String prefix;

    public RedisKeys(ProvtidConfig config) {
        this.prefix = config.redis().keyPrefix();
    }

    /** The prefix of every key and channel of this installation. */
    public String prefix() {
        return prefix;
    }

    /** Hash of one job. */
    public String job(String id) {
        return jobPrefix() + id;
    }

    /** Prefix of every job hash, for Lua scripts that derive job keys from ids. */
    public String jobPrefix() {
        return prefix + ":job:";
    }

    /** Capped stream of one job's events. */
    public String events(String id) {
        return eventsPrefix() + id;
    }

    /** Prefix of every event stream. */
    public String eventsPrefix() {
        return prefix + ":events:";
    }

    /** Sorted set of queued job ids, scored by priority then enqueue time. */
    public String queue() {
        return prefix + ":queue";
    }

    /** Sorted set of running job ids, scored by lease expiry (epoch ms). */
    public String leases() {
        return prefix + ":leases";
    }

    /** Hash of worker id to last heartbeat (epoch ms). */
    public String workers() {
        return prefix + ":workers";
    }

    /** Hash of place name to the site's location id: the places the site listed at a login (search-information). */
    public String places() {
        return prefix + ":places";
    }

    /** Hash of worker id to what it runs, as {@link WorkerVitals#encode()} writes it; updated with each beat. */
    public String workerVitals() {
        return prefix + ":worker-vitals";
    }

    /** The id of a user's latest job, so a user has at most one active job. */
    public String userActiveJob(String userId) {
        return prefix + ":user-job:" + sha256(userId);
    }

    /** Sorted set of every job id, scored by creation time (epoch ms), for listing; entries of expired jobs are pruned. */
    public String jobIndex() {
        return prefix + ":jobs-by-created";
    }

    /** Sorted set of one user's job ids, scored by creation time (epoch ms); expires after the user's last job. */
    public String userJobIndex(String userId) {
        return prefix + ":user-jobs:" + sha256(userId);
    }

    /** Hash of final status to the number of jobs that reached it in one hour (epoch ms / 3,600,000). */
    public String finishedInHour(long hour) {
        return prefix + ":stats:finished:" + hour;
    }

    /** The job an Idempotency-Key created, with the request's fingerprint. */
    public String idempotencyKey(String key) {
        return prefix + ":idempotency:" + sha256(key);
    }

    /** Sorted set of job ids whose events the webhook dispatcher still follows, scored by when to look next (epoch ms). */
    public String webhookJobs() {
        return prefix + ":webhook-jobs";
    }

    /** Prefix of keys that belong to webhook delivery (cursors, dead letters, stats); owned by the webhook package. */
    public String webhookPrefix() {
        return prefix + ":webhooks:";
    }

    // Hashed: user ids and client keys are caller-chosen text of any length.
    private static String sha256(String s) {
        return Digests.sha256Hex(s);
    }

    /** Token bucket of the fleet-wide pace of site requests. */
    public String siteBucket() {
        return prefix + ":site:bucket";
    }

    /** Epoch ms until which no worker sends requests to the site (set on 403/429). */
    public String sitePause() {
        return prefix + ":site:pause-until";
    }

    /** Fixed-window request counter of one API client (its address, hashed) and window length. */
    public String rateLimitClient(String address, long windowMs) {
        return prefix + ":ratelimit:client:" + windowMs + ":" + sha256(address);
    }

    /** Fixed-window counter of one user's start calls (the user id hashed, like {@link #userActiveJob}). */
    public String rateLimitStart(String userId, long windowMs) {
        return prefix + ":ratelimit:start:" + windowMs + ":" + sha256(userId);
    }

    /** Pub/sub channel that carries the id of a job whose stream grew. */
    public String notifyChannel() {
        return prefix + ":events-notify";
    }

    /** Who runs the embedded simulator for this prefix's workers: one process, with a TTL its heartbeat renews. */
    public String embeddedSimulator() {
        return prefix + ":sim:embedded-owner";
    }
}
