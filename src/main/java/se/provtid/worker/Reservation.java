package se.provtid.worker;

import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.site.BookingSite;
import se.provtid.site.Hold;
import se.provtid.site.Occasion;
import se.provtid.site.SiteException;

/**
 * Holds a slot for a job at most once: a hold is never asked for blindly again; after an unclear failure, and when
 * a job resumes, the site's own list of holds decides. Every hold is noted on the job ({@link JobUpdate#heldSlot}).
 */
final class Reservation {

    private final String jobId;
    private final JobStore store;
    private final JobReporter report;
    private final SiteRetryPolicy retry;

    Reservation(String jobId, JobStore store, JobReporter report, SiteRetryPolicy retry) {
        this.jobId = jobId;
        this.store = store;
        this.report = report;
        this.retry = retry;
    }

    /**
     * A hold this job made before it was interrupted that still fits it (place and dates), or null. The site is asked
     * when the job recorded a hold, or always when {@code askSite}: a resumed job's record may be older than the site
     * (a Redis failover can lose the last writes the old primary took).
     */
    Hold resumable(BookingSite site, Target target, boolean askSite) {
        if (!askSite && !store.holdsSlot(jobId)) {
            return null; // this job never reserved anything
        }
        return retry.retrying(site::holds).stream().filter(h -> target.atPlaceAndDates(h.occasion())).findFirst().orElse(null);
    }

    /** Holds the occasion; the hold's expiry, or null when someone else took the slot first. */
    String hold(BookingSite site, Target target, Occasion o) {
        try {
            String expires = site.reserve(target.exam(), o);
            if (expires != null) {
                report.save(JobUpdate.of().heldSlot(Occasions.slot(o, expires)));
            }
            return expires;
        } catch (SiteException e) {
            if (!e.isTransient()) {
                throw e;
            }
            // The hold may have been made though the answer did not reach us: the site's holds say.
            Hold hold = find(site, o.examinationId());
            if (hold != null) {
                report.save(JobUpdate.of().heldSlot(Occasions.slot(o, hold.expires())));
            }
            return hold == null ? null : hold.expires();
        }
    }

    /** The person's hold on this exam, or null (it lapsed, or was never made). */
    Hold find(BookingSite site, long examinationId) {
        return retry.retrying(site::holds).stream().filter(h -> h.occasion().examinationId() == examinationId)
                .findFirst().orElse(null);
    }
}
