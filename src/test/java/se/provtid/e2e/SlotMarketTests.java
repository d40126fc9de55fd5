package se.provtid.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.provtid.support.TestJobs.TODAY;
import static se.provtid.support.TestJobs.TOKEN;
import static se.provtid.support.TestJobs.WAIT;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/**
 * The slot market against the running app, a real Redis and real Chromium: slots are scarce, free up when the
 * simulator releases one, and go to exactly one of our jobs (the first in line); a rival can be quicker.
 */
@QuarkusTest
class SlotMarketTests {

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void scarceSlots() {
        TestJobs.scarceMarket();
    }

    private JsonPath start(String place, String priority) {
        Map<String, Object> body = Map.of("user_id", "market-" + System.nanoTime(), "license_type", "B",
                "exam_type", "Körprov", "locations", List.of(place), "date_ranges",
                List.of(Map.of("start", TODAY.plusDays(3).toString(), "end", TODAY.plusDays(40).toString())),
                "auto_book", true, "priority", priority);
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/booking/start").then().statusCode(202).extract().jsonPath();
    }

    /** Logs the job in and waits until it searches. */
    private SseClient searching(JsonPath started) throws InterruptedException {
        SseClient sse = TestJobs.stream(root, started);
        TestJobs.scanNextQr(sse);
        TestJobs.awaitStatus(sse, "searching");
        return sse;
    }
    private static SseClient.Event awaitCode(SseClient sse, String code) throws InterruptedException {
        while (true) {
            SseClient.Event e = sse.await("status_update", WAIT);
            if (e.data().path("code").asText().equals(code)) {
                return e;
            }
        }
    }
    private static Map<String, Object> releaseRecord(long releaseId) {
        List<Map<String, Object>> all = given().get("/sim/admin/releases").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return all.stream().filter(r -> ((Number) r.get("release_id")).longValue() == releaseId).findFirst()
                .orElseThrow(() -> new AssertionError("release " + releaseId + " not listed: " + all));
    }

    @Test
    void aFreedSlotIsCaughtAndBooked() throws Exception {
        JsonPath started = start("Uppsala", "normal");
        try (SseClient sse = searching(started)) {
            JsonPath freed = TestJobs.release("Uppsala", 12);
            SseClient.Event done = sse.await("booking_completed", WAIT);
            assertEquals(freed.getString("date"), done.data().path("booking_result").path("exam_date").asText());
            Map<String, Object> record = releaseRecord(freed.getLong("release_id"));
            assertEquals("provtid", record.get("taken_by"), record.toString());
            assertEquals(done.data().path("booking_result").path("booking_id").asText(), record.get("booking_id"));
            assertTrue(record.get("held_at") != null, "when we held it is recorded: " + record);
        }
    }

    @Test
    void twoJobsWantingOneSlotOneBooksTheOtherGoesOnAndSaysWhy() throws Exception {
        JsonPath first = start("Linköping", "high");
        JsonPath second = start("Linköping", "normal");
        try (SseClient a = searching(first); SseClient b = searching(second)) {
            JsonPath freed = TestJobs.release("Linköping", 8);
            SseClient.Event done = a.await("booking_completed", WAIT);
            assertEquals(freed.getString("date"), done.data().path("booking_result").path("exam_date").asText(),
                    "the high-priority job is first in line");
            SseClient.Event told = awaitCode(b, "slot_went_to_other_job");
            assertEquals("Linköping", told.data().path("params").path("location").asText());
            assertEquals(freed.getString("date"), told.data().path("params").path("date").asText());
            assertEquals("searching", told.data().path("status").asText(), "it goes on searching");
            assertTrue(b.types().stream().noneMatch(t -> t.equals("slots_found")), "it never held the slot");
            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + second.getString("job_id")).then()
                    .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("searching"));
            given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + second.getString("job_id")).then()
                    .statusCode(200);
            assertEquals(1, TestJobs.siteBookings().size(), "one slot, one booking");
            int collisions = given().auth().oauth2(TOKEN).get("/api/v1/stats").then().statusCode(200).extract()
                    .jsonPath().getInt("search.counters.self_collisions");
            assertEquals(0, collisions, "our two jobs never tried the slot at once");
        }
    }

    @Test
    void aRivalQuickerThanUsTakesTheSlotAndTheJobSearchesOn() throws Exception {
        JsonPath started = start("Gävle", "normal");
        try (SseClient sse = searching(started)) {
            TestJobs.scenario(Map.of("steal_next_reservations", 1)); // a rival books between our search and hold
            JsonPath lost = TestJobs.release("Gävle", 10);
            SseClient.Event taken = awaitCode(sse, "slot_taken");
            assertEquals("searching", taken.data().path("status").asText());
            assertEquals("rival", releaseRecord(lost.getLong("release_id")).get("taken_by"));

            JsonPath next = TestJobs.release("Gävle", 20);
            SseClient.Event done = sse.await("booking_completed", WAIT);
            assertEquals(next.getString("date"), done.data().path("booking_result").path("exam_date").asText());
        }
    }
}
