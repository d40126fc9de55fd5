package se.provtid.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks request, written from the spec and independent of the server's signer:
 * some {@code v1} signature must match HMAC-SHA256 of "id.timestamp.body", and the timestamp must be recent.
 */
final class WebhookVerifier {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookVerifier() {
    }

    /** Throws when the request is not authentic under any of {@code secrets}. */
    static void verify(List<String> secrets, String id, String timestamp, String signatures, byte[] body, Instant now) {
        if (id == null || timestamp == null || signatures == null) {
            throw new SecurityException("missing webhook headers");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new SecurityException("bad timestamp");
        }
        if (Math.abs(now.getEpochSecond() - ts) > TOLERANCE.toSeconds()) {
            throw new SecurityException("timestamp outside the tolerance");
        }
        for (String secret : secrets) {
            byte[] expected = expected(secret, id, timestamp, body);
            for (String sig : signatures.split(" ")) {
                int comma = sig.indexOf(',');
                if (comma < 0 || !sig.substring(0, comma).equals("v1")) {
                    continue;
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(sig.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return;
                }
            }
        }
        throw new SecurityException("no matching signature");
    }

    static void verify(List<String> secrets, Receiver.Hit hit) {
        verify(secrets, hit.header("webhook-id"), hit.header("webhook-timestamp"), hit.header("webhook-signature"),
                hit.body(), Instant.now());
    }

    private static byte[] expected(String secret, String id, String timestamp, byte[] body) {
        byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] head = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
            byte[] content = new byte[head.length + body.length];
            System.arraycopy(head, 0, content, 0, head.length);
            System.arraycopy(body, 0, content, head.length, body.length);
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
