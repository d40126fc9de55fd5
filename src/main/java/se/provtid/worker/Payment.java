package se.provtid.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import se.provtid.job.BookingResult;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.site.Booked;
import se.provtid.site.BookingSite;
import se.provtid.site.Occasion;
import se.provtid.site.SiteException;

/**
 * Pays for a held slot exactly once. What is being paid for is noted on the job ({@link JobUpdate#paying}) before the
 * payment; after an unclear failure, and when a job resumes with such a note, the person's booked exams at the site
 * are read before anything is paid again.
 */
final class Payment {

    private static final Logger LOG = Logger.getLogger(Payment.class);
    /** Payments tried for one hold before the attempt gives up; each try first checks that nothing was booked. */
    private static final int MAX_TRIES = 3;

    private final String jobId;
    private final JobStore store;
    private final JobReporter report;
    private final SiteRetryPolicy retry;
    private final Reservation reservation;
    private final Clock clock;
    private final Duration inFlight;
    private final Consumer<Duration> pause;

    /**
     * {@code inFlight}: how long after it began a payment may still be waiting for the site's answer; {@code pause}
     * waits (the lease's sleep, which a cancel or a lost lease ends).
     */
    Payment(String jobId, JobStore store, JobReporter report, SiteRetryPolicy retry, Reservation reservation,
            Clock clock, Duration inFlight, Consumer<Duration> pause) {
        this.jobId = jobId;
        this.store = store;
        this.report = report;
        this.retry = retry;
        this.reservation = reservation;
        this.clock = clock;
        this.inFlight = inFlight;
        this.pause = pause;
    }

    /** A payment this job started before an interruption may have gone through: if so, completes the job with it. */
    boolean finishEarlier(BookingSite site, Target target) {
        Long examinationId = store.payingExamination(jobId);
        if (examinationId == null) {
            return false;
        }
        Booked booked = findBooked(site, examinationId);
        Instant since = store.payingSince(jobId);
        if (booked == null && since != null && clock.instant().isBefore(since.plus(inFlight))) {
            // The attempt that began it may still be waiting for the site's answer: it lost its lease (a Redis
            // failover, a stalled worker) but not its call. Paying anything else now could book twice.
            LOG.infof("job %s: a payment begun %d s ago may still be in flight; looking again once it cannot be",
                    jobId, Duration.between(since, clock.instant()).toSeconds());
            pause.accept(Duration.between(clock.instant(), since.plus(inFlight)));
            booked = findBooked(site, examinationId);
        }
        if (booked == null) {
            report.save(JobUpdate.of().clearPaying());
            return false;
        }
        report.move(JobStatus.booking, Notice.foundPaidBooking());
        complete(site, target, booked.occasion(), booked.bookingId());
        return true;
    }

    /** Pays for the held occasion and completes the job; false when the hold ended first (the job searches again). */
    boolean pay(BookingSite site, Target target, Occasion o) {
        report.move(JobStatus.booking, Notice.booking(o.locationName(), o.date().toString(), o.time()));
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            // Spend only what is still held: a lapsed hold may be someone else's slot by now.
            if (reservation.find(site, o.examinationId()) == null) {
                report.move(JobStatus.searching, Notice.holdEndedBeforePayment(),
                        JobUpdate.of().clearHeldSlot(), List.of());
                return false;
            }
            report.save(JobUpdate.of().paying(o.examinationId(), clock.instant()));
            try {
                complete(site, target, o, site.pay(target.exam()));
                return true;
            } catch (SiteException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                // The payment may have gone through even though the answer did not reach us.
                Booked booked = findBooked(site, o.examinationId());
                if (booked != null) {
                    complete(site, target, o, booked.bookingId());
                    return true;
                }
                retry.backOff(e, tries + 1);
            }
        }
        throw new SiteException(SiteException.NO_ANSWER, "the invoice payment kept failing");
    }

    private Booked findBooked(BookingSite site, long examinationId) {
        return retry.retrying(site::bookedExams).stream().filter(b -> b.occasion().examinationId() == examinationId)
                .findFirst().orElse(null);
    }

    /** Reports the booking; the confirmation number is a nicety, so a failing summary does not undo a booking. */
    private void complete(BookingSite site, Target target, Occasion o, String bookingId) {
        String confirmation = bookingId;
        try {
            confirmation = site.confirmationNumber(target.exam(), bookingId);
        } catch (SiteException e) {
            LOG.warnf("job %s: booked, but the summary failed: %s", jobId, e.getMessage());
        }
        // Every booking here is paid later by invoice (invoice-payment): a person under 18 must pay it in time.
        BookingResult result = new BookingResult(bookingId, confirmation, o.date().toString(), o.time(),
                o.locationName(), PayBy.of(target.exam().person(), o.date(), o.time()));
        report.move(JobStatus.completed, Notice.booked(o.locationName(), o.date().toString(), o.time()),
                JobUpdate.of().result(result)
                .clearHeldSlot().clearPaying().clearSiteSession(), List.of(report.events().completed(result)));
    }
}
