package se.provtid.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;
import se.provtid.crypto.Digests;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;

/**
 * Keeps a logged-in site session (cookies and the person's number) with its job in Redis, encrypted,
 * so that a worker resuming the job after a crash needs no new BankID login while the session lives.
 */
@Singleton
public class SessionVault {

    private static final Logger LOG = Logger.getLogger(SessionVault.class);
    private static final int IV_BYTES = 12;

    /** What is kept: the browser context's storage state (JSON) and the logged-in person. */
    public record Saved(String storageState, String person) {
        @Override
        public String toString() {
            return "Saved[***]";
        }
    }

    private final JobStore store;
    private final ObjectMapper json;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SessionVault(JobStore store, ObjectMapper json, ProvtidConfig config) {
        this.store = store;
        this.json = json;
        this.key = new SecretKeySpec(hmac(config.api().secretToken().orElse(""), "provtid-site-session"), "AES");
    }

    /** The update that stores a session, sealed, with its job. */
    JobUpdate seal(Saved saved) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(json.writeValueAsBytes(saved));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return JobUpdate.of().siteSession(Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot seal the site session", e);
        }
    }

    /** The update that forgets the stored session. */
    static JobUpdate cleared() {
        return JobUpdate.of().clearSiteSession();
    }

    /** The job's stored session, or null (none, or sealed with another API secret). */
    Saved load(String jobId) {
        String sealed = store.siteSession(jobId);
        if (sealed == null) {
            return null;
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            return json.readValue(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), Saved.class);
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            LOG.infof("job %s: stored site session unreadable, a new login will be needed", jobId);
            return null;
        }
    }

    private static byte[] hmac(String secret, String label) {
        return Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), label);
    }
}
