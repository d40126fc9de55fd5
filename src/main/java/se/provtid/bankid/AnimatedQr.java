package se.provtid.bankid;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import se.provtid.crypto.Digests;

/** BankID's animated QR code: {@code bankid.<qrStartToken>.<seconds>.<hex HMAC-SHA256(secret, seconds)>}. */
public final class AnimatedQr {

    private static final String PREFIX = "bankid.";

    private AnimatedQr() {
    }

    /** The auth code for the given second of the order. */
    public static String authCode(String qrStartSecret, long seconds) {
        return HexFormat.of().formatHex(Digests.hmacSha256(qrStartSecret.getBytes(StandardCharsets.UTF_8),
                Long.toString(seconds)));
    }

    /** The full QR content for the given second of the order. */
    public static String payload(String qrStartToken, String qrStartSecret, long seconds) {
        return PREFIX + qrStartToken + "." + seconds + "." + authCode(qrStartSecret, seconds);
    }

    /** Whole seconds since the order started; never negative. */
    public static long elapsedSeconds(long qrStartTimeEpochSeconds, long nowEpochMillis) {
        return Math.max(0, nowEpochMillis / 1000 - qrStartTimeEpochSeconds);
    }

    /** A scanned QR string split into its parts, or null when it is not a BankID animated QR. */
    public static Parsed parse(String scanned) {
        if (scanned == null || !scanned.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = scanned.substring(PREFIX.length()).split("\\.");
        if (parts.length != 3 || parts[0].isEmpty() || !parts[1].matches("\\d{1,9}") || !parts[2].matches("[0-9a-f]{64}")) {
            return null;
        }
        return new Parsed(parts[0], Long.parseLong(parts[1]), parts[2]);
    }

    /** The parts of a scanned QR string. */
    public record Parsed(String qrStartToken, long seconds, String authCode) {
    }
}
