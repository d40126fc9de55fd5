package se.provtid.queue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.provtid.job.JobEvent;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.support.TestJobs;

/** A long wait for a scan keeps the job's stream small and never pushes other events out of it. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class QrFrameStorageTests {

    @Inject
    JobStore store;

    @Inject
    EventLog log;

    @Test
    void onlyTheNewestFramesStayAndOtherEventsOutliveTheStreamCap() {
        String id = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5), TestJobs.TODAY.plusDays(60),
                true).getString("job_id");
        JobEvents events = new JobEvents(id, "frames");
        append(id, List.of(events.status(JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), "before the frames"))));
        // 1,500 frames, more than the stream's cap of 1,000 entries: a 25-minute wait for a scan.
        long seq = 0;
        for (int batch = 0; batch < 30; batch++) {
            List<JobEvent> frames = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                seq++;
                frames.add(events.qr("bankid.t." + seq, seq, "computed", Instant.now().plusSeconds(1), null));
            }
            append(id, frames);
        }
        append(id, List.of(events.status(JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), "after the frames"))));

        List<StoredEvent> all = log.after(id, "0", 2_000);
        List<String> notes = all.stream().filter(e -> !e.isQr()).map(StoredEvent::stored).toList();
        assertEquals(3, notes.size(), "queued, before, after: " + notes);
        assertTrue(notes.get(1).contains("before the frames"), "an event older than 1,000 frames is still there");
        List<StoredEvent> frames = all.stream().filter(StoredEvent::isQr).toList();
        assertEquals(List.of("bankid.t.1496", "bankid.t.1497", "bankid.t.1498", "bankid.t.1499", "bankid.t.1500"),
                frames.stream().map(f -> f.stored().replaceAll(".*\"qr_payload\":\"([^\"]+)\".*", "$1")).toList(),
                "the newest five frames stay");
        for (StoredEvent f : frames) {
            assertFalse(f.stored().contains("qr_code_data"), "stored without its image: " + f.stored());
            assertTrue(f.json().contains("\"qr_code_data\":\"data:image/png;base64,"), "sent with it");
        }

        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "done"))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(200);
    }

    private void append(String id, List<JobEvent> events) {
        assertTrue(store.transition(id, null, EnumSet.of(JobStatus.queued), null, JobUpdate.of(), events).applied());
    }
}
