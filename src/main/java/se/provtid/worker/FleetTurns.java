package se.provtid.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import se.provtid.job.JobRequest;
import se.provtid.job.Notice;
import se.provtid.search.FleetSearch;
import se.provtid.search.Offer;
import se.provtid.search.Seeker;
import se.provtid.search.Want;
import se.provtid.site.BookingSite;

/**
 * A job's search in {@code SEARCH_MODE=fleet}: it waits for a slot the fleet hands to it, taking its turns at the
 * plan's calls through its own session meanwhile, and tells the fleet whether it held what it was handed.
 */
final class FleetTurns {

    /** How long one wait for a slot lasts before the job looks at its lease and its dates again. */
    private static final Duration ROUND = Duration.ofSeconds(5);
    /** How long a job waits to be woken between two turns. */
    private static final Duration BETWEEN_TURNS = Duration.ofMillis(500);
    /** How often this process asks whether the site is being updated, before its jobs' searches. */
    private static final long UPDATE_CHECK_MS = 30_000;
    private static final AtomicLong LAST_UPDATE_CHECK = new AtomicLong();

    private final FleetSearch fleet;
    private final String jobId;
    private final JobRequest request;
    private final long createdAt;
    private final JobReporter report;
    private final Lease lease;
    private final SiteRetryPolicy retry;
    private final Clock clock;
    private Seeker seeker;

    FleetTurns(FleetSearch fleet, String jobId, JobRequest request, long createdAt, JobReporter report, Lease lease,
            SiteRetryPolicy retry, Clock clock) {
        this.fleet = fleet;
        this.jobId = jobId;
        this.request = request;
        this.createdAt = createdAt;
        this.report = report;
        this.lease = lease;
        this.retry = retry;
        this.clock = clock;
    }

    private Want want(Target target) {
        return new Want(jobId, Want.examKey(request.licenseType(), request.examType(), request.vehicleType()),
                target.locationIds(), target.dateRanges(), request.priority().rank(), createdAt);
    }

    /** A slot handed to this job (it alone of ours tries it now), or null after a round without one. */
    Offer next(BookingSite site, Target target) {
        if (seeker == null) {
            seeker = fleet.join(want(target));
        }
        long until = clock.millis() + ROUND.toMillis();
        while (clock.millis() < until) {
            Offer offer = seeker.turn((places, from) -> {
                long last = LAST_UPDATE_CHECK.get();
                long now = clock.millis();
                if (now - last >= UPDATE_CHECK_MS && LAST_UPDATE_CHECK.compareAndSet(last, now)) {
                    retry.waitWhileUpdating(site);
                }
                return retry.retrying(() -> site.search(target.exam(), places, from));
            }, o -> report.note(Notice.slotWentToOtherJob(o.locationName(), o.date().toString(), o.time())));
            if (offer != null) {
                if (target.fits(offer.occasion())) {
                    return offer;
                }
                seeker.outcome(offer, false); // cannot happen unless the job's want changed: the next one tries
                continue;
            }
            lease.await(seeker.wakeup(), BETWEEN_TURNS);
        }
        return null;
    }

    /** Whether the job held the slot it was handed; a held slot ends its search. */
    void outcome(Offer offer, boolean held) {
        seeker.outcome(offer, held);
        if (held) {
            leave();
        }
    }

    /** The job watches: its want stays in the fleet's search, marked watching, until its person logs in again. */
    void watch(Target target) {
        seeker = null;
        fleet.watch(want(target).asWatching());
    }

    /** The job stops searching (it holds a slot, or ends). */
    void leave() {
        if (seeker != null) {
            seeker.leave();
            seeker = null;
        }
    }
}
