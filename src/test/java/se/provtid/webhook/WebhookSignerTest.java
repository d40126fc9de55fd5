package se.provtid.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signatures against the Standard Webhooks spec's published example, and a receiver's independent check. */
class WebhookSignerTest {

    // The example of the spec's reference libraries ("sign function works").
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecExampleExactly() {
        assertEquals(EXPECTED, new WebhookSigner(SECRET).sign(ID, TIMESTAMP, BODY));
    }

    @Test
    void anIndependentVerifierAcceptsItAndRejectsTampering() {
        Instant then = Instant.ofEpochSecond(TIMESTAMP);
        String sig = new WebhookSigner(SECRET).sign(ID, TIMESTAMP, BODY);
        assertDoesNotThrow(() -> WebhookVerifier.verify(List.of(SECRET), ID, "" + TIMESTAMP, sig, BODY, then));

        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThrows(SecurityException.class,
                () -> WebhookVerifier.verify(List.of(SECRET), ID, "" + TIMESTAMP, sig, tampered, then));
        assertThrows(SecurityException.class,
                () -> WebhookVerifier.verify(List.of(SECRET), "msg_other", "" + TIMESTAMP, sig, BODY, then));
        // The timestamp is signed: moving it breaks the signature, keeping it makes it too old later on.
        assertThrows(SecurityException.class,
                () -> WebhookVerifier.verify(List.of(SECRET), ID, "" + (TIMESTAMP + 1), sig, BODY, then));
        assertThrows(SecurityException.class, () -> WebhookVerifier.verify(List.of(SECRET), ID, "" + TIMESTAMP, sig,
                BODY, then.plus(WebhookVerifier.TOLERANCE).plusSeconds(1)));
        assertThrows(SecurityException.class,
                () -> WebhookVerifier.verify(List.of("whsec_" + "A".repeat(32)), ID, "" + TIMESTAMP, sig, BODY, then));
    }

    @Test
    void everySecretSignsDuringARotation() {
        WebhookSigner both = new WebhookSigner(SECRET + "  old-plain-secret");
        String header = both.sign(ID, TIMESTAMP, BODY);
        String[] parts = header.split(" ");
        assertEquals(2, parts.length, header);
        assertEquals(EXPECTED, parts[0]);
        Instant then = Instant.ofEpochSecond(TIMESTAMP);
        // A receiver that knows only the old secret still accepts, and so does one that knows only the new.
        assertDoesNotThrow(() -> WebhookVerifier.verify(List.of("old-plain-secret"), ID, "" + TIMESTAMP, header,
                BODY, then));
        assertDoesNotThrow(() -> WebhookVerifier.verify(List.of(SECRET), ID, "" + TIMESTAMP, header, BODY, then));
    }

    @Test
    void aSecretWithoutPrefixIsItsUtf8Bytes() {
        String raw = new WebhookSigner("plain").sign(ID, TIMESTAMP, BODY);
        String asBase64 = new WebhookSigner("whsec_" + java.util.Base64.getEncoder()
                .encodeToString("plain".getBytes(StandardCharsets.UTF_8))).sign(ID, TIMESTAMP, BODY);
        assertEquals(asBase64, raw);
    }

    @Test
    void noSecretMeansNotReady() {
        assertFalse(new WebhookSigner("  ").ready());
        assertTrue(new WebhookSigner(SECRET).ready());
        assertThrows(IllegalArgumentException.class, () -> new WebhookSigner("whsec_not*base64"));
    }
}
