package se.provtid.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import se.provtid.bankid.QrImage;

/**
 * A QR frame as it goes out (SSE message, webhook body): the stored frame holds only the payload; its PNG
 * ({@code data.qr_code_data}, first in {@code data}, as always) is drawn here, once per frame per process, and
 * kept for a few seconds' worth of frames, so twenty subscribers of a job cost one drawing.
 */
final class QrFrameWire {

    /** Frames kept drawn: several seconds of frames of a few hundred jobs; each is hot only while it is current. */
    static final int CACHED_FRAMES = 512;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DRAWN = new ConcurrentHashMap<>();
    /** Insertion order, to forget the oldest frames first. */
    private static final ConcurrentLinkedQueue<String> ORDER = new ConcurrentLinkedQueue<>();
    private static final AtomicLong DRAWINGS = new AtomicLong();

    private QrFrameWire() {
    }

    /** The frame's envelope with its PNG; a frame stored with one already (written before this change) as it is. */
    static String render(String stored) {
        if (stored == null || stored.isEmpty()) {
            return stored;
        }
        String out = DRAWN.get(stored);
        if (out != null) {
            return out;
        }
        // computeIfAbsent: concurrent readers of one new frame wait for the one drawing instead of drawing too.
        out = DRAWN.computeIfAbsent(stored, s -> {
            ORDER.add(s);
            return draw(s);
        });
        while (DRAWN.size() > CACHED_FRAMES) {
            String oldest = ORDER.poll();
            if (oldest == null) {
                break;
            }
            DRAWN.remove(oldest);
        }
        return out;
    }

    /** How many frames this process has drawn (for tests that check a crowd costs one drawing). */
    static long drawings() {
        return DRAWINGS.get();
    }

    /** Frames kept drawn now. */
    static int cached() {
        return DRAWN.size();
    }

    private static String draw(String stored) {
        try {
            JsonNode env = JSON.readTree(stored);
            JsonNode data = env.path("data");
            if (!(env instanceof ObjectNode o) || !(data instanceof ObjectNode d) || d.has("qr_code_data")
                    || !d.path("qr_payload").isTextual()) {
                return stored;
            }
            DRAWINGS.incrementAndGet();
            ObjectNode wire = JSON.createObjectNode();
            wire.put("qr_code_data", QrImage.dataUrl(d.path("qr_payload").asText()));
            for (Map.Entry<String, JsonNode> f : d.properties()) {
                wire.set(f.getKey(), f.getValue());
            }
            o.set("data", wire);
            return JSON.writeValueAsString(o);
        } catch (IOException | RuntimeException e) {
            // Not a frame we can draw (a payload too long for a QR code): sent as stored, never dropped.
            return stored;
        }
    }
}
