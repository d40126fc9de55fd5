package se.provtid.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The two digests Provtid uses everywhere: HMAC-SHA256 and SHA-256. */
public final class Digests {

    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread: the API's event-loop threads hash on every start call. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private Digests() {
    }

    /** HMAC-SHA256 of the UTF-8 bytes of {@code message}. */
    public static byte[] hmacSha256(byte[] key, String message) {
        return hmacSha256(key, message.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of raw bytes. */
    public static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        return HEX.formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
