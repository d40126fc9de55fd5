package se.provtid.watch;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.queue.RedisUnavailableException;
import se.provtid.queue.TransitionResult;
import se.provtid.queue.WatchIndex;
import se.provtid.search.SearchDemand;
import se.provtid.search.Want;
import se.provtid.service.JobMetrics;

/**
 * Ends the watches whose time has come (the job's last date, or its watch_until): such a job expires with
 * {@code watch_ended}. It also drops a watching want whose job is gone. Runs in every worker process; the state
 * table makes racing sweepers safe.
 */
@Singleton
public class WatchSweeper {

    private static final Logger LOG = Logger.getLogger(WatchSweeper.class);
    /** Watches ended per sweep at most: the rest wait for the next sweep. */
    static final int BATCH = 100;

    private final WatchIndex index;
    private final JobStore store;
    private final SearchDemand demand;
    private final JobMetrics metrics;
    private final ProvtidConfig config;
    private final Clock clock;

    public WatchSweeper(WatchIndex index, JobStore store, SearchDemand demand, JobMetrics metrics,
            ProvtidConfig config, Clock clock) {
        this.index = index;
        this.store = store;
        this.demand = demand;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!config.role().runsWorker()) {
            return;
        }
        try {
            sweepOnce();
        } catch (RedisUnavailableException e) {
            LOG.debugf("watch sweep skipped: Redis unavailable (%s)", e.reason());
        }
    }

    /** One sweep: how many watches it ended. */
    int sweepOnce() {
        int ended = 0;
        for (String id : index.endedBy(clock.millis(), BATCH)) {
            if (end(id)) {
                ended++;
            }
        }
        for (Want w : demand.all()) {
            JobStatus s = w.watching() ? store.status(w.jobId()) : null;
            if (w.watching() && (s == null || s.isFinal())) {
                demand.leave(w.jobId()); // the job ended without its want going (its end raced the watch)
            }
        }
        return ended;
    }

    private boolean end(String id) {
        String userId = store.userId(id);
        if (userId == null) {
            return false;
        }
        JobEvents events = new JobEvents(id, userId);
        Notice why = Notice.watchEnded();
        TransitionResult r = store.transition(id, JobStatus.expired, JobStatus.watchings(), null, JobUpdate.of(),
                List.of(events.status(JobStatus.expired, why), events.expired(why)));
        if (r.applied()) {
            metrics.finished(JobStatus.expired);
            LOG.infof("job %s: its watch ended without a booking", id);
        }
        return r.applied();
    }
}
