package se.provtid.queue;

import jakarta.inject.Singleton;
import se.provtid.config.RedisTopology;
import se.provtid.crypto.Digests;

/** The one place that names Redis keys and channels. */
@Singleton
public class RedisKeys {

    private final String prefix;

    public RedisKeys(RedisTopology topology) {
        this.prefix = topology.keyPrefix();
    }

    /** The prefix of every key and channel of this installation (in cluster mode a hash tag: {@link RedisTopology}). */
    public String prefix() {
        return prefix;
    }

    /**
     * Stands for "no key" among a script's keys (the scripts' {@code provtid_given}): never written, and in the
     * installation's hash slot, so that a cluster never sees a script call across slots.
     */
    public String none() {
        return prefix + ":-";
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

    /** Sorted set of watching job ids, scored by when each watch ends (epoch ms). */
    public String watching() {
        return prefix + ":watching";
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

    // ---- the fleet-wide search (se.provtid.search) ----

    /** Hash of job id to what a searching job wants ({@code search.Want} as JSON): no personal data. */
    public String searchWants() {
        return prefix + ":search:wants";
    }

    /** Set of the watching jobs told of one freed slot ({@code slot_available}): none is told of it twice. */
    public String searchSlotTold(long examinationId) {
        return prefix + ":search:slot-told:" + examinationId;
    }

    /** Hash of {@code exam|location id} to when a search call last covered that place for that exam (epoch ms). */
    public String searchPlaceLast() {
        return prefix + ":search:place-last";
    }

    /** Sorted set of searching job id to when its want was last refreshed (epoch ms); stale wants are dropped. */
    public String searchWantsSeen() {
        return prefix + ":search:wants-seen";
    }

    /** Hash of call key to one planned search call ({@code search.PlannedCall} as JSON), written by the planner. */
    public String searchCalls() {
        return prefix + ":search:calls";
    }

    /** Sorted set of call key to when the call is next due (epoch ms). */
    public String searchDue() {
        return prefix + ":search:due";
    }

    /** The planner's lock: one process plans at a time. */
    public String searchPlanLock() {
        return prefix + ":search:plan-lock";
    }

    /** Hash of per-call counters: {@code looks:<key>}, {@code found:<key>}, {@code handed:<key>}, {@code last:<key>}. */
    public String searchCallStats() {
        return prefix + ":search:call-stats";
    }

    /** Hash of fleet-wide search counters (self_collisions, handed_out, slots_found, went_to_other, lost_races). */
    public String searchCounters() {
        return prefix + ":search:counters";
    }

    /** Hash of one freed slot's hand-out: the job trying it, the candidates in order, the offer. Short TTL. */
    public String searchSlot(long examinationId) {
        return prefix + ":search:slot:" + examinationId;
    }

    /** List of what was handed to one searching job (offers and notes), oldest first. Short TTL. */
    public String searchInbox(String jobId) {
        return searchInboxPrefix() + jobId;
    }

    /** Prefix of every search inbox, for Lua scripts that derive inbox keys from job ids. */
    public String searchInboxPrefix() {
        return prefix + ":search:inbox:";
    }

    /** Which of our jobs is trying to hold this slot now (both search modes): counts self-collisions. */
    public String searchTrying(long examinationId) {
        return prefix + ":search:trying:" + examinationId;
    }

    /** Hash of examination id to a slot seen free now ({@code search.Sighting} as JSON), until it disappears. */
    public String searchSeen() {
        return prefix + ":search:seen";
    }

    /** Capped stream of slots seen appearing and disappearing: when, place, days ahead, late cancellation. */
    public String searchSightings() {
        return prefix + ":search:sightings";
    }

    /** Hash of per-place figures: {@code <locationId>:appeared}, {@code :gone}, {@code :lifetime_ms}, {@code :late}. */
    public String searchPlaceStats() {
        return prefix + ":search:place-stats";
    }
}
