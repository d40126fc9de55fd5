package se.provtid.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import se.provtid.job.EventType;
import se.provtid.queue.StoredEvent;

/** Rules for QR frames: only worth sending while current, and a newer frame makes an older one worthless. */
final class QrFrames {

    private QrFrames() {
    }

    static boolean isQr(StoredEvent e) {
        return EventType.qr_code_update.name().equals(e.type());
    }

    /** Whether a later QR frame of the same job is already in {@code batch} after index {@code i} (latest wins). */
    static boolean superseded(List<StoredEvent> batch, int i) {
        for (int j = i + 1; j < batch.size(); j++) {
            if (isQr(batch.get(j))) {
                return true;
            }
        }
        return false;
    }

    /** The frame's {@code data.valid_until}, or null when it has none (then only a newer frame retires it). */
    static Instant validUntil(StoredEvent e, ObjectMapper json) {
        try {
            JsonNode v = json.readTree(e.json()).path("data").path("valid_until");
            return v.isTextual() ? Instant.parse(v.asText()) : null;
        } catch (IOException | DateTimeParseException ex) {
            return null;
        }
    }

    /** Whether the stream ends after this event. */
    static boolean isFinal(StoredEvent e) {
        try {
            return EventType.valueOf(e.type()).isFinal();
        } catch (IllegalArgumentException | NullPointerException ex) {
            return false;
        }
    }
}
