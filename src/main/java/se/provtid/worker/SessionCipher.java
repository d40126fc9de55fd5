package se.provtid.worker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import se.provtid.crypto.KeyRing;

/**
 * Seals bytes for one job as {@code v1.<keyId>.<base64url(iv || ciphertext)>}: AES-256-GCM under the key ring's
 * site-session key, with the blob's header and the job id as associated data, so a blob opens for its own job only.
 */
final class SessionCipher {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Why a blob did not open; our own words, safe to log. */
    static final class Unreadable extends Exception {
        Unreadable(String why) {
            super(why, null, false, false);
        }
    }

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    SessionCipher(KeyRing keys) {
        this.keys = keys;
    }

    String seal(String jobId, byte[] plain) {
        KeyRing.Key key = keys.current(KeyRing.Purpose.SITE_SESSION);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        String header = VERSION + "." + key.id();
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, iv, header, jobId);
            byte[] sealed = c.doFinal(plain);
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return header + "." + ENCODER.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The bytes sealed for this job; fails for another job, an unknown key, a changed byte or another format. */
    byte[] open(String jobId, String blob) throws Unreadable {
        String[] parts = blob.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new Unreadable("not a " + VERSION + " blob");
        }
        KeyRing.Key key = keys.find(KeyRing.Purpose.SITE_SESSION, parts[1]);
        if (key == null) {
            throw new Unreadable("sealed under a secret this process does not have");
        }
        byte[] all;
        try {
            all = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("not base64");
        }
        if (all.length < IV_BYTES + TAG_BITS / 8) {
            throw new Unreadable("too short");
        }
        byte[] iv = Arrays.copyOf(all, IV_BYTES);
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, iv, parts[0] + "." + parts[1], jobId);
            return c.doFinal(all, IV_BYTES, all.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new Unreadable("sealed for another job, or changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static Cipher cipher(int mode, KeyRing.Key key, byte[] iv, String header, String jobId)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
        // The header too: a blob whose key id or version was rewritten must not open either.
        c.updateAAD((header + "." + jobId).getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
