package se.provtid.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.job.Slot;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.queue.LuaScripts;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisKeys;
import se.provtid.queue.TransitionResult;
import se.provtid.queue.WorkerRedis;
import se.provtid.site.Occasion;

/**
 * Tells a watching job of a freed slot that fits it and no logged-in job: the job goes to the queue at once, so its
 * person gets a new QR code with the news, and tries that slot first once logged in. One job per slot.
 */
@Singleton
public class WatchAlerts {

    private static final Logger LOG = Logger.getLogger(WatchAlerts.class);
    /** What the announcement asks of the person: slots go within minutes, so the ask is short. */
    static final Duration SCAN_WITHIN = Duration.ofMinutes(2);

    private final JobStore store;
    private final WorkerRedis redis;
    private final LuaScripts lua;
    private final RedisKeys keys;
    private final ObjectMapper json;
    private final ProvtidConfig config;

    public WatchAlerts(JobStore store, WorkerRedis redis, LuaScripts lua, RedisKeys keys, ObjectMapper json,
            ProvtidConfig config) {
        this.store = store;
        this.redis = redis;
        this.lua = lua;
        this.keys = keys;
        this.json = json;
        this.config = config;
    }

    /**
     * Announces the slot to the first of {@code watchers} (in hand-out order) still watching; the job it went to,
     * or null when none (or when the slot is already being handed out or announced).
     */
    String announce(Occasion o, List<String> watchers) {
        // Remembered while the person may still log in for it: no other job of ours is handed it meanwhile.
        long rememberMs = config.worker().qrTimeout().plusSeconds(30).toMillis();
        long scanWithin = Math.min(SCAN_WITHIN.toSeconds(), config.worker().qrTimeout().toSeconds());
        String slotKey = keys.searchSlot(o.examinationId());
        for (String jobId : watchers) {
            if (store.status(jobId) != JobStatus.watching) {
                continue;
            }
            var r = lua.run("watch-alert", List.of(slotKey, keys.searchCounters()),
                    List.of(jobId, Long.toString(rememberMs)));
            if (r == null || r.toInteger() != 1) {
                return null; // handed out or announced already
            }
            Notice notice = Notice.slotAvailable(o.locationName(), o.date().toString(), o.time(), scanWithin);
            String userId = store.userId(jobId);
            JobEvents events = new JobEvents(jobId, userId);
            Slot slot = new Slot(Long.toString(o.examinationId()), o.locationName(), o.date().toString(), o.time(),
                    o.cost(), null);
            TransitionResult moved = store.transition(jobId, JobStatus.queued, JobStatus.watchings(), null,
                    JobUpdate.of().offeredSlot(write(o)), List.of(events.status(JobStatus.queued, notice),
                            events.slotAvailable(notice, slot)));
            if (moved.applied()) {
                LOG.infof("job %s: a freed slot fits it while it watches; its login starts", jobId);
                return jobId;
            }
            // It stopped watching meanwhile: the next watcher may have the slot.
            RedisCalls.blocking(() -> redis.get().key().del(slotKey));
        }
        return null;
    }

    private String write(Occasion o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an occasion is always writable", e);
        }
    }
}
