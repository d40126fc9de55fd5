package se.provtid.queue;

import se.provtid.job.EventType;

/**
 * One entry of a job's event stream: its stream id, type and envelope JSON as stored. A QR frame is stored without
 * its PNG; {@link #json()} is the envelope as it goes out, with the PNG drawn (once per frame, see QrFrameWire).
 */
public record StoredEvent(String id, String type, String stored) {

    /** The envelope JSON as SSE and webhooks send it. */
    public String json() {
        return isQr() ? QrFrameWire.render(stored) : stored;
    }

    /** Whether the job's stream ends after this event. */
    public boolean isFinal() {
        EventType t = eventType();
        return t != null && t.isFinal();
    }

    /** Whether this is a QR frame. */
    public boolean isQr() {
        return EventType.qr_code_update.name().equals(type);
    }

    private EventType eventType() {
        if (type == null) {
            return null;
        }
        try {
            return EventType.valueOf(type);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
