package se.provtid.queue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.job.JobStatus;
import se.provtid.support.CreatedJobs;

/** Queue rules against a real Redis: priority order, idempotency, one active job per user, the cap, cancel modes. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class QueueRulesTests {

    private static final String TOKEN = "test-secret-token";

    @Inject
    JobQueue queue;

    @Inject
    QueueStats stats;

    @Inject
    JobStore store;

    @RegisterExtension
    final CreatedJobs created = new CreatedJobs();

    @Test
    void higherPriorityIsClaimedFirstAndFirstComeWithinAPriority() {
        String low = start("p-low", "low", null);
        String normal1 = start("p-n1", "normal", null);
        String high = start("p-high", "high", null);
        String normal2 = start("p-n2", "normal", null);
        given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + high).then().body("queue_position", equalTo(1));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(queue.claim("test-worker"));
        }
        assertEquals(List.of(high, normal1, normal2, low), order);
        assertNull(queue.claim("test-worker"), "the queue is empty now");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameJob() {
        String key = "key-" + System.nanoTime();
        String first = start("idem-user", "normal", key);
        String again = given().auth().oauth2(TOKEN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body("idem-user", "normal")).post("/api/v1/booking/start").then().statusCode(202)
                .header("Idempotent-Replayed", "true").extract().path("job_id");
        assertEquals(first, again);
        Map<String, Object> other = new java.util.HashMap<>(body("idem-user", "normal"));
        other.put("locations", List.of("Gävle"));
        given().auth().oauth2(TOKEN).header("Idempotency-Key", key).contentType(ContentType.JSON).body(other)
                .post("/api/v1/booking/start").then().statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("Idempotency-Key")).body("job_id", equalTo(first));
    }

    @Test
    void aUserHasAtMostOneActiveJob() {
        String first = start("one-user", "normal", null);
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body("one-user", "high"))
                .post("/api/v1/booking/start").then().statusCode(409).contentType("application/problem+json")
                .body("active_job_id", equalTo(first)).body("field", equalTo("user_id"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "changed my mind"))
                .post("/api/v1/booking/cancel/" + first).then().statusCode(200).body("status", equalTo("cancelled"));
        assertNotEquals(first, start("one-user", "normal", null), "a new job once the first one ended");
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndCreatesNothing() {
        for (int i = 0; i < ApiOnlyProfile.MAX_QUEUED; i++) {
            start("cap-" + i, "normal", null);
        }
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body("cap-extra", "high"))
                .post("/api/v1/booking/start").then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        assertEquals(ApiOnlyProfile.MAX_QUEUED, stats.figures().await().indefinitely().queued());
    }

    @Test
    void cancelWithoutForceNeverInterruptsAPaymentButForceDoes() {
        String id = start("pay-user", "normal", null);
        assertEquals(id, queue.claim("test-worker"));
        for (JobStatus s : List.of(JobStatus.starting, JobStatus.authenticating, JobStatus.searching,
                JobStatus.reserving, JobStatus.booking)) {
            assertEquals(true, store.transition(id, s, JobStatus.sourcesOf(s), "test-worker", JobUpdate.of(), List.of())
                    .applied());
        }
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "please stop"))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(202).body("status", equalTo("booking"))
                .body("cancel_requested", equalTo(true));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "now", "force", true))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
        assertEquals(false, store.transition(id, JobStatus.completed, EnumSet.of(JobStatus.booking), "test-worker",
                JobUpdate.of(), List.of()).applied(), "the worker cannot complete a force-cancelled job");
        assertEquals(0, stats.figures().await().indefinitely().running(), "a cancelled job holds no lease");
    }

    private String start(String user, String priority, String idempotencyKey) {
        var req = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body(user, priority));
        if (idempotencyKey != null) {
            req.header("Idempotency-Key", idempotencyKey);
        }
        String id = req.post("/api/v1/booking/start").then().statusCode(202).extract().path("job_id");
        created.add(id);
        return id;
    }

    private static Map<String, Object> body(String user, String priority) {
        LocalDate from = LocalDate.now().plusDays(10);
        return Map.of("user_id", user + "-" + ProcessHandle.current().pid(), "license_type", "B",
                "exam_type", "Körprov", "locations", List.of("Uppsala"),
                "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(20).toString())),
                "priority", priority);
    }
}
