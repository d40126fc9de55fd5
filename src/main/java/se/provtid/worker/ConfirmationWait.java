package se.provtid.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.job.Slot;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.site.Occasion;

/** Tells the person a slot is held and, for a job started with {@code auto_book: false}, waits for their confirm. */
final class ConfirmationWait {

    /** How often to look for a confirm: a person who confirms should not wait long, Redis should not be hammered. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final String jobId;
    private final boolean autoBook;
    private final JobStore store;
    private final JobReporter report;
    private final Lease lease;
    private final Clock clock;

    ConfirmationWait(String jobId, boolean autoBook, JobStore store, JobReporter report, Lease lease, Clock clock) {
        this.jobId = jobId;
        this.autoBook = autoBook;
        this.store = store;
        this.report = report;
        this.lease = lease;
        this.clock = clock;
    }

    /** Whether the held slot may be paid now; false when the hold lapsed unconfirmed (the job is searching again). */
    boolean approved(Occasion o, String expires) {
        Slot slot = Occasions.slot(o, expires);
        if (autoBook) {
            report.emit(report.events().slotsFound(List.of(slot), false));
            return true;
        }
        report.move(JobStatus.awaiting_confirmation, Notice.holding(o.locationName(), o.date().toString(), o.time(),
                expires), JobUpdate.of().heldSlot(slot), List.of(report.events().slotsFound(List.of(slot), true)));
        if (confirmedBefore(Instant.parse(expires))) {
            return true;
        }
        report.move(JobStatus.searching, Notice.holdLapsed(),
                JobUpdate.of().clearHeldSlot().clearConfirm(), List.of());
        return false;
    }

    private boolean confirmedBefore(Instant holdExpires) {
        while (clock.instant().isBefore(holdExpires)) {
            lease.check();
            if (store.confirmRequested(jobId)) {
                return true;
            }
            lease.sleep(POLL);
        }
        return false;
    }
}
