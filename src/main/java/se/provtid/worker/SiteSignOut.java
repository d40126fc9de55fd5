package se.provtid.worker;

import org.jboss.logging.Logger;
import se.provtid.queue.JobStore;
import se.provtid.site.BookingSite;
import se.provtid.site.LoginStatus;

/**
 * Signs the person out of the site when their job has ended for good, before the job's browser context closes: a
 * logged-in session at the site must not outlive the job (Redis forgets the sealed copy in the same final step).
 */
final class SiteSignOut {

    private static final Logger LOG = Logger.getLogger(SiteSignOut.class);

    private final String jobId;
    private final JobStore store;
    /** The context holds, or may hold, a logged-in session: restored from the vault, or the person logged in. */
    private volatile boolean loggedIn;

    SiteSignOut(String jobId, JobStore store) {
        this.jobId = jobId;
        this.store = store;
    }

    /** The site session may be logged in from now on. */
    void loggedIn() {
        loggedIn = true;
    }

    /** The site ended the session itself (a forced logout): nothing to sign out until the next login. */
    void loggedOut() {
        loggedIn = false;
    }

    /**
     * After an attempt: signs out when a session may be logged in and the job is final, whoever ended it (this worker,
     * or the API's cancel). A job that goes back to the queue keeps its session, so its next attempt resumes it.
     */
    void ifJobEnded(BookingSite site) {
        // Or the person scanned just as the job ended, before the login loop saw it: the page's own poll did.
        if (!loggedIn && site.loginStatus() != LoginStatus.COMPLETED) {
            return;
        }
        // A cancel interrupts the job's thread (its lease is gone); the sign-out must still reach the site.
        boolean interrupted = Thread.interrupted();
        try {
            if (jobIsFinal()) {
                signOut(site);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean jobIsFinal() {
        try {
            JobStore.Holding h = store.holding(jobId);
            return h == null || h.status().isFinal(); // gone from Redis: ended long ago
        } catch (RuntimeException e) {
            // Redis unreachable: the job may still be handed to another attempt, which needs the session.
            LOG.warnf("job %s: cannot tell whether the job ended (%s); not signing out", jobId,
                    e.getClass().getSimpleName());
            return false;
        }
    }

    private void signOut(BookingSite site) {
        try {
            site.signOut();
            loggedIn = false;
            LOG.infof("job %s: signed out of the site", jobId);
        } catch (RuntimeException e) {
            LOG.warnf("job %s: signing out of the site failed (%s); the site ends the session on its own", jobId,
                    e.getClass().getSimpleName());
        }
    }
}
