package se.provtid.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import se.provtid.queue.StoredEvent;

/** When a QR frame is worth sending: only while current, and a newer frame makes an older one worthless. */
final class QrFrameRules {

    /** A QR attempt still gets this long when its frame is about to turn over; less is not worth a request. */
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

    private QrFrameRules() {
    }

    /** Whether the frame at {@code i} of {@code batch} is to be dropped: expired, or a newer frame follows it. */
    static boolean stale(List<StoredEvent> batch, int i, Instant now, ObjectMapper json) {
        if (superseded(batch, i)) {
            return true;
        }
        Instant until = validUntil(batch.get(i), json);
        return until != null && !now.isBefore(until);
    }

    /** An attempt's timeout: {@code max}, or less when the frame turns over sooner (but at least 100 ms). */
    static Duration timeout(StoredEvent frame, Duration max, Instant now, ObjectMapper json) {
        Instant until = validUntil(frame, json);
        if (until == null) {
            return max;
        }
        Duration left = Duration.between(now, until);
        return left.compareTo(max) >= 0 ? max : left.compareTo(MIN_TIMEOUT) > 0 ? left : MIN_TIMEOUT;
    }

    /** Whether a later QR frame of the same job is already in {@code batch} after index {@code i} (latest wins). */
    private static boolean superseded(List<StoredEvent> batch, int i) {
        for (int j = i + 1; j < batch.size(); j++) {
            if (batch.get(j).isQr()) {
                return true;
            }
        }
        return false;
    }

    /** The frame's {@code data.valid_until}, or null when it has none (then only a newer frame retires it). */
    private static Instant validUntil(StoredEvent e, ObjectMapper json) {
        try {
            JsonNode v = json.readTree(e.stored()).path("data").path("valid_until");
            return v.isTextual() ? Instant.parse(v.asText()) : null;
        } catch (IOException | DateTimeParseException ex) {
            return null;
        }
    }
}
