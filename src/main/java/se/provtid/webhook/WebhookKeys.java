package se.provtid.webhook;

import jakarta.inject.Singleton;
import se.provtid.queue.RedisKeys;

/** Names of the Redis keys webhook delivery owns, all under {@link RedisKeys#webhookPrefix()}. */
@Singleton
public class WebhookKeys {

    private final RedisKeys keys;
    private final String prefix;

    public WebhookKeys(RedisKeys keys) {
        this.keys = keys;
        this.prefix = keys.webhookPrefix();
    }

    /** Stands for "no key" among a script's keys: {@link RedisKeys#none()}. */
    public String none() {
        return keys.none();
    }

    /** Sorted set of followed job ids, scored by when to look at them next (epoch ms); enqueue adds every job. */
    public String follow() {
        return keys.webhookJobs();
    }

    /** Hash of one job's delivery state: its endpoints and, per endpoint id, the cursor and retry state. */
    public String state(String jobId) {
        return prefix + "job:" + jobId;
    }

    /** The lease of one (job, endpoint) delivery: holds the token of the process delivering it. */
    public String lease(String jobId, String endpointId) {
        return prefix + "lease:" + jobId + ":" + endpointId;
    }

    /** Sorted set of "job|endpoint" attempts in flight, scored by when they time out (epoch ms). */
    public String inFlight() {
        return prefix + "in-flight";
    }

    /** Sorted set of "job|endpoint" deliveries with events waiting, scored by the oldest waiting event (epoch ms). */
    public String backlog() {
        return prefix + "backlog";
    }

    /** Hash of "job|endpoint" to the number of events waiting. */
    public String backlogSizes() {
        return prefix + "backlog-sizes";
    }

    /** Hash of fleet-wide counters: delivered, failed, dead, dropped_qr, gone, replayed. */
    public String stats() {
        return prefix + "stats";
    }

    /** Hash of redacted endpoint URL to its last attempt (JSON). */
    public String endpoints() {
        return prefix + "endpoints";
    }

    /** One dead letter (JSON), expiring after the retention. */
    public String dead(String id) {
        return prefix + "dead:" + id;
    }

    /** Sorted set of dead letter ids, scored by when they died (epoch ms). */
    public String deadIndex() {
        return prefix + "dead-index";
    }

    /** Short lock that keeps two replays of one dead letter apart. */
    public String replayLock(String id) {
        return prefix + "replay:" + id;
    }
}
