package se.provtid.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.jboss.logging.Logger;
import se.provtid.crypto.KeyRing;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;

/**
 * Keeps a logged-in site session (cookies and the person's number) with its job in Redis, sealed for that job
 * ({@link SessionCipher}), so that a worker resuming the job after a crash needs no new BankID login while the
 * session lives. Whatever does not open is treated as no session: the job logs in again.
 */
@Singleton
public class SessionVault {

    private static final Logger LOG = Logger.getLogger(SessionVault.class);

    /** What is kept: the browser context's storage state (JSON) and the logged-in person. */
    public record Saved(String storageState, String person) {
        @Override
        public String toString() {
            return "Saved[***]";
        }
    }

    private final JobStore store;
    private final ObjectMapper json;
    private final SessionCipher cipher;

    public SessionVault(JobStore store, ObjectMapper json, KeyRing keys) {
        this.store = store;
        this.json = json;
        this.cipher = new SessionCipher(keys);
    }

    /** The update that stores a session, sealed for its job. */
    JobUpdate seal(String jobId, Saved saved) {
        return JobUpdate.of().siteSession(sealed(jobId, saved));
    }

    /** The update that forgets the stored session. */
    static JobUpdate cleared() {
        return JobUpdate.of().clearSiteSession();
    }

    /** The job's stored session, or null (none, or one that does not open for this job). */
    Saved load(String jobId) {
        String sealed = store.siteSession(jobId);
        return sealed == null ? null : open(jobId, sealed);
    }

    String sealed(String jobId, Saved saved) {
        try {
            return cipher.seal(jobId, json.writeValueAsBytes(saved));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the site session", e);
        }
    }

    /** The session sealed in {@code blob} for this job, or null when it does not open (fails closed). */
    Saved open(String jobId, String blob) {
        String why;
        try {
            return json.readValue(cipher.open(jobId, blob), Saved.class);
        } catch (SessionCipher.Unreadable e) {
            why = e.getMessage();
        } catch (IOException | RuntimeException e) {
            why = e.getClass().getSimpleName(); // never the library's message
        }
        LOG.infof("job %s: stored site session unreadable (%s); a new login will be needed", jobId, why);
        return null;
    }
}
