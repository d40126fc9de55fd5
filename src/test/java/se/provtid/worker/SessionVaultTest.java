package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.provtid.crypto.KeyRing;

/** The sealed site session: bound to its job, opened under the current or a previous secret, never when changed. */
class SessionVaultTest {

    private static final String CURRENT = "current-secret-of-at-least-32-bytes!!";
    private static final String PREVIOUS = "previous-secret-of-at-least-32-bytes!";
    private static final SessionVault.Saved SAVED = new SessionVault.Saved("{\"cookies\":[{\"name\":\"ASP.NET_SessionId\"}]}",
            "200001011234");

    private static SessionVault vault(KeyRing keys) {
        return new SessionVault(null, new ObjectMapper(), keys); // sealing and opening never touch the store
    }

    private static final SessionVault VAULT = vault(KeyRing.of(CURRENT, List.of()));

    @Test
    void aSealedSessionOpensForItsJobAndNamesItsKey() {
        String blob = VAULT.sealed("job_a", SAVED);
        String keyId = KeyRing.of(CURRENT, List.of()).current(KeyRing.Purpose.SITE_SESSION).id();
        assertTrue(blob.startsWith("v1." + keyId + "."), blob);
        assertTrue(!blob.contains("200001011234") && !blob.contains("SessionId"), "sealed, not encoded");
        assertEquals(SAVED, VAULT.open("job_a", blob));
        assertNotEquals(blob, VAULT.sealed("job_a", SAVED), "a fresh nonce every time");
    }

    @Test
    void aBlobCopiedToAnotherJobDoesNotOpen() {
        String blob = VAULT.sealed("job_a", SAVED);
        assertNull(VAULT.open("job_b", blob));
        assertNull(VAULT.open("job_a2", blob));
    }

    @Test
    void aBlobSealedUnderAPreviousSecretOpensOnlyWhileThatSecretIsInTheRing() {
        String old = vault(KeyRing.of(PREVIOUS, List.of())).sealed("job_a", SAVED);
        assertEquals(SAVED, vault(KeyRing.of(CURRENT, List.of(PREVIOUS))).open("job_a", old));
        assertNull(vault(KeyRing.of(CURRENT, List.of())).open("job_a", old), "the previous secret was dropped");
        assertNull(vault(KeyRing.of(CURRENT, List.of("yet-another-secret-of-32-bytes-or-more"))).open("job_a", old));
    }

    @Test
    void anyChangedByteOrAnotherFormatFailsClosed() {
        String blob = VAULT.sealed("job_a", SAVED);
        String[] parts = blob.split("\\.");
        byte[] body = Base64.getUrlDecoder().decode(parts[2]);
        for (int i : new int[] {0, 11, 12, body.length / 2, body.length - 1}) { // nonce, ciphertext, tag
            byte[] changed = body.clone();
            changed[i] ^= 1;
            assertNull(VAULT.open("job_a", parts[0] + "." + parts[1] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(changed)), "byte " + i);
        }
        assertNull(VAULT.open("job_a", "v2." + parts[1] + "." + parts[2]), "another version");
        assertNull(VAULT.open("job_a", "v1.00000000." + parts[2]), "an unknown key id");
        assertNull(VAULT.open("job_a", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20)), "cut short");
        assertNull(VAULT.open("job_a", parts[0] + "." + parts[1] + ".***"), "not base64");
        assertNull(VAULT.open("job_a", parts[2]), "the old, headerless format");
        assertNull(VAULT.open("job_a", ""));
    }
}
