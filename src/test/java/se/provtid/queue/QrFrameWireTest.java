package se.provtid.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.provtid.job.JobEvent;
import se.provtid.job.JobEvents;
import se.provtid.job.Notice;
import se.provtid.support.QrDecoder;

/** A QR frame is stored without its PNG and sent with it: the same envelope as before, drawn once per frame. */
class QrFrameWireTest {

    private final ObjectMapper json = new ObjectMapper();

    /** A frame envelope as the store writes it (the timestamp stamped). */
    private String stored(String payload, long sequence) throws Exception {
        return stored("job-" + UUID.randomUUID(), payload, sequence);
    }

    private String stored(String job, String payload, long sequence) throws Exception {
        JobEvent e = new JobEvents(job, "user-1").qr(payload, sequence, "computed",
                Instant.parse("2026-12-01T08:00:01Z"), "5f0b9e3c-0d1a-4c2e-9b7a-2f1d8e6c4a10");
        return json.writeValueAsString(e).replace(JobEvent.STAMPED_ON_APPEND, "2026-12-01T08:00:00.005Z");
    }

    @Test
    void theStoredFrameHasNoImageTheSentOneHasItFirst() throws Exception {
        String payload = "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.7." + "a".repeat(64);
        String stored = stored(payload, 7);
        assertFalse(stored.contains("qr_code_data"), stored);
        assertTrue(stored.length() < 600, "a stored frame is a few hundred bytes: " + stored.length());

        String wire = new StoredEvent("1-0", "qr_code_update", stored).json();
        JsonNode env = json.readTree(wire);
        List<String> envelope = new ArrayList<>();
        env.fieldNames().forEachRemaining(envelope::add);
        assertEquals(List.of("event_type", "job_id", "user_id", "timestamp", "data"), envelope);
        List<String> data = new ArrayList<>();
        env.path("data").fieldNames().forEachRemaining(data::add);
        assertEquals(List.of("qr_code_data", "qr_payload", "sequence", "source", "valid_until", "autostart_token",
                "autostart_url"), data,
                "the fields frames always had, in their order, then the same-device login's two");
        assertEquals(payload, QrDecoder.decodeDataUrl(env.path("data").path("qr_code_data").asText()),
                "the PNG scans to exactly qr_payload");
        assertEquals(7, env.path("data").path("sequence").asLong());
        assertEquals("2026-12-01T08:00:00.005Z", env.path("timestamp").asText());
        JsonNode before = json.readTree(stored);
        assertEquals(before.path("job_id"), env.path("job_id"));
        assertEquals(before.path("data").path("valid_until"), env.path("data").path("valid_until"));
    }

    @Test
    void twentyReadersOfOneFrameCostOneDrawing() throws Exception {
        String stored = stored("bankid.t." + UUID.randomUUID(), 1);
        long before = QrFrameWire.drawings();
        String first = new StoredEvent("5-0", "qr_code_update", stored).json();
        for (int i = 0; i < 19; i++) {
            // Each reader has its own copy of the entry (its own XRANGE), as SSE snapshots and webhooks do.
            assertSame(first, new StoredEvent("5-0", "qr_code_update", new String(stored)).json());
        }
        assertEquals(1, QrFrameWire.drawings() - before);
    }

    @Test
    void otherEventsAndOldFramesGoAsStored() throws Exception {
        String status = json.writeValueAsString(new JobEvents("j", "u").status(se.provtid.job.JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), "x")));
        assertSame(status, new StoredEvent("1-0", "status_update", status).json());
        // A frame stored with its image (before this change) is sent as it is, not drawn again.
        String old = "{\"event_type\":\"qr_code_update\",\"job_id\":\"j\",\"user_id\":\"u\",\"timestamp\":\"t\","
                + "\"data\":{\"qr_code_data\":\"data:image/png;base64,AAAA\",\"qr_payload\":\"bankid.x\",\"sequence\":1}}";
        assertEquals(old, new StoredEvent("1-0", "qr_code_update", old).json());
    }

    @Test
    void theCacheStaysBounded() throws Exception {
        String job = "job-" + UUID.randomUUID();
        for (int i = 0; i < QrFrameWire.CACHED_FRAMES + 50; i++) {
            new StoredEvent(i + "-0", "qr_code_update", stored(job, "bankid.b." + i, i)).json();
            assertTrue(QrFrameWire.cached() <= QrFrameWire.CACHED_FRAMES);
        }
        long before = QrFrameWire.drawings();
        new StoredEvent("9999-0", "qr_code_update", stored(job, "bankid.b." + (QrFrameWire.CACHED_FRAMES + 49),
                QrFrameWire.CACHED_FRAMES + 49)).json();
        assertEquals(0, QrFrameWire.drawings() - before, "the newest frames are kept");
        new StoredEvent("0-0", "qr_code_update", stored(job, "bankid.b.0", 0)).json();
        assertEquals(1, QrFrameWire.drawings() - before, "the oldest frames were forgotten");
    }
}
