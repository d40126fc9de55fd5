package se.provtid.queue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.support.TestJobs;

/** Events are stamped when appended, so their timestamps follow stream order whoever wrote them. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class EventStampTests {

    @Inject
    JobStore store;

    @Inject
    EventLog log;

    @Inject
    ObjectMapper json;

    @Test
    void timestampsNeverGoBackwardsAndAreTheAppendTime() throws Exception {
        String id = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5), TestJobs.TODAY.plusDays(60),
                true).getString("job_id");
        JobEvents events = new JobEvents(id, "stamps");
        for (int i = 0; i < 20; i++) {
            store.transition(id, null, EnumSet.of(JobStatus.queued), null, JobUpdate.of(),
                    List.of(events.status(JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), "note " + i)), events.status(JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), "twin " + i))));
        }
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "done"))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(200);
        List<StoredEvent> all = log.after(id, "0", 100);
        assertEquals(43, all.size());
        Instant previous = Instant.EPOCH;
        for (StoredEvent e : all) {
            String stamp = json.readTree(e.json()).path("timestamp").asText();
            assertFalse(stamp.contains("@@"), "stamped: " + e.json());
            Instant at = Instant.parse(stamp);
            assertEquals(StreamIds.millis(e.id()), at.toEpochMilli(), "the stamp is the entry's own time");
            assertTrue(!at.isBefore(previous), "never earlier than the event before it");
            previous = at;
        }
        assertTrue(Math.abs(previous.toEpochMilli() - System.currentTimeMillis()) < 60_000, "a real time: " + previous);
    }

    @Test
    void theSealedSiteSessionGoesInTheStepThatEndsTheJob() {
        String id = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5), TestJobs.TODAY.plusDays(60),
                true).getString("job_id");
        assertTrue(store.transition(id, null, EnumSet.of(JobStatus.queued), null,
                JobUpdate.of().siteSession("sealed-session"), List.of()).applied());
        assertEquals("sealed-session", store.siteSession(id));
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "done"))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(200);
        assertEquals(null, store.siteSession(id), "a cancelled job keeps no logged-in session");
    }
}
