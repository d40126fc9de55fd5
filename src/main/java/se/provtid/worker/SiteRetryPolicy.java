package se.provtid.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.Notice;
import se.provtid.queue.SitePacer;
import se.provtid.site.BookingSite;
import se.provtid.site.SiteException;

/**
 * How one job waits out trouble at the booking site: timeouts, server errors and maintenance back off exponentially
 * with jitter up to {@code SITE_MAX_BACKOFF}; a block (403/429) pauses the whole fleet, doubling while it lasts.
 */
final class SiteRetryPolicy {

    /** First wait after a timeout or server error; it doubles with every failure in a row. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** Doublings of the first wait at most (2^16 s is 18 h): {@code SITE_MAX_BACKOFF} caps it long before. */
    static final int MAX_DOUBLINGS = 16;
    /** A block doubles {@code SITE_BLOCKED_BACKOFF} per block in a row, at most 2^4 = 16 times the first pause. */
    static final int MAX_BLOCK_DOUBLINGS = 4;
    /** Up to this share of a wait is added at random, so jobs that failed together do not all come back together. */
    static final double JITTER = 0.25;
    /** Watchers hear of the first failure in a row and then of every fifth, not of every retry. */
    static final int NOTE_EVERY = 5;

    private final ProvtidConfig.Site config;
    private final SitePacer pacer;
    private final JobReporter report;
    private final Lease lease;

    SiteRetryPolicy(ProvtidConfig.Site config, SitePacer pacer, JobReporter report, Lease lease) {
        this.config = config;
        this.pacer = pacer;
        this.report = report;
        this.lease = lease;
    }

    /**
     * Runs a site call that changes nothing (a read), as often as it takes: transient failures are waited out, any
     * other failure is thrown. Calls that spend (reserve, pay) must not come here: they ask the site after a failure.
     */
    <T> T retrying(Supplier<T> call) {
        for (int failures = 1; ; failures++) {
            lease.check();
            try {
                return call.get();
            } catch (SiteException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                backOff(e, failures);
            }
        }
    }

    /** Waits after the {@code failures}-th transient failure in a row; a block pauses the whole fleet, not only this job. */
    void backOff(SiteException e, int failures) {
        Duration wait;
        if (e.isBlocked()) {
            wait = blockedPause(config.blockedBackoff(), failures);
            pacer.pauseFleet(wait);
            report.note(Notice.siteSlowDown(e.status(), wait.toSeconds()));
        } else {
            wait = jittered(backoff(config.maxBackoff(), failures));
            if (failures == 1 || failures % NOTE_EVERY == 0) {
                // A SiteException's message is our own text or the site's: safe to show.
                report.note(Notice.siteUnwell(e.getMessage()));
            }
        }
        lease.sleep(wait);
    }

    /** Waits while the site says it is being updated (maintenance): nothing works there meanwhile. */
    void waitWhileUpdating(BookingSite site) {
        boolean told = false;
        while (retrying(site::isSystemUpdating)) {
            if (!told) {
                report.note(Notice.siteUpdating());
                told = true;
            }
            lease.sleep(jittered(config.maxBackoff()));
        }
    }

    /** The fleet's pause after the {@code failures}-th block in a row: the first pause, doubled each time, capped. */
    static Duration blockedPause(Duration first, int failures) {
        return first.multipliedBy(1L << Math.min(failures - 1, MAX_BLOCK_DOUBLINGS));
    }

    /** The wait (before jitter) after the {@code failures}-th timeout or server error in a row, at most {@code max}. */
    static Duration backoff(Duration max, int failures) {
        return Duration.ofMillis(Math.min(max.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(failures - 1,
                MAX_DOUBLINGS)));
    }

    /** The wait plus up to {@link #JITTER} of it at random. */
    static Duration jittered(Duration base) {
        long ms = base.toMillis();
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(Math.max(1, (long) (ms * JITTER))));
    }
}
