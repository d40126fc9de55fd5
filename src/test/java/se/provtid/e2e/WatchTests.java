package se.provtid.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.provtid.support.TestJobs.TODAY;
import static se.provtid.support.TestJobs.TOKEN;
import static se.provtid.support.TestJobs.WAIT;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/**
 * The watch against the running app, a real Redis and real Chromium: when the site ends a job's login, the job
 * watches (no browser, no site calls of its own) while the others' searches cover its places; its person logs in
 * again with a resume call, or is told of a slot that fits and logs in for it.
 */
@QuarkusTest
class WatchTests {

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void scarceSlots() {
        given().post("/sim/admin/reset").then().statusCode(200);
        TestJobs.scenario(Map.of("market", true, "market_free_slots", 0, "release_per_hour", 0,
                "rival_median_seconds", 0));
    }

    private static JsonPath start(String place) {
        Map<String, Object> body = Map.of("user_id", "watch-" + System.nanoTime(), "license_type", "B",
                "exam_type", "Körprov", "locations", List.of(place), "date_ranges",
                List.of(Map.of("start", TODAY.plusDays(3).toString(), "end", TODAY.plusDays(40).toString())),
                "auto_book", true);
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/booking/start").then().statusCode(202).extract().jsonPath();
    }

    /** Logs the job in and waits until its places are in the fleet's search, and searched once. */
    private SseClient searching(JsonPath started) throws InterruptedException {
        SseClient sse = TestJobs.stream(root, started);
        TestJobs.scanNextQr(sse);
        awaitStatus(sse, "searching");
        String id = started.getString("job_id");
        for (int i = 0; i < 300 && status(id).getString("searched_places[0].last_searched_at") == null; i++) {
            Thread.sleep(100);
        }
        return sse;
    }

    private static SseClient.Event awaitStatus(SseClient sse, String status) throws InterruptedException {
        while (true) {
            SseClient.Event e = sse.await("status_update", WAIT);
            if (e.data().path("status").asText().equals(status)) {
                return e;
            }
        }
    }

    /** The site ends every login now, as its forced logout does. */
    private static void logEveryoneOut() {
        given().post("/sim/admin/logouts").then().statusCode(200);
    }

    private static JsonPath status(String jobId) {
        return given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static JsonPath release(String place, int daysAhead) {
        return given().contentType(ContentType.JSON).body(Map.of("location", place, "days_ahead", daysAhead))
                .post("/sim/admin/releases").then().statusCode(201).extract().jsonPath();
    }

    /** The browser contexts open in the app, once the job's has had a few seconds to close. */
    private static int contextsOpenSoon() throws InterruptedException {
        int open = -1;
        for (int i = 0; i < 50 && open != 0; i++) {
            open = given().auth().oauth2(TOKEN).get("/api/v1/status/browser-sessions").then().statusCode(200)
                    .extract().jsonPath().getInt("contexts_open");
            Thread.sleep(200);
        }
        return open;
    }

    @Test
    void aForcedLogoutMakesTheJobWatchAndALoginAgainBooks() throws Exception {
        JsonPath started = start("Uppsala");
        String id = started.getString("job_id");
        try (SseClient sse = searching(started)) {
            given().auth().oauth2(TOKEN).post("/api/v1/booking/resume/" + id).then().statusCode(409)
                    .body("job_status", equalTo("searching"));
            logEveryoneOut();
            SseClient.Event watching = awaitStatus(sse, "watching");
            assertEquals("login_required", watching.data().path("code").asText());
            SseClient.Event asked = sse.await("login_required", WAIT);
            assertEquals("login_required", asked.data().path("code").asText());
            String ends = asked.data().path("params").path("watch_ends_at").asText();
            assertEquals(TODAY.plusDays(41).atStartOfDay(java.time.ZoneId.of("Europe/Stockholm")).toInstant(),
                    Instant.parse(ends), "a watch ends with the job's last date");
            assertTrue(asked.data().path("message").asText().contains("log in again"), asked.data().toString());

            JsonPath view = status(id);
            assertEquals("watching", view.getString("status"));
            assertEquals(ends, view.getString("watch_ends_at"));
            assertEquals("Uppsala", view.getString("searched_places[0].location"),
                    "its place stays in the fleet's search: " + view.prettify());
            assertNotNull(view.getString("searched_places[0].last_searched_at"), "it was searched while logged in");
            assertEquals(0, contextsOpenSoon(), "a watching job holds no browser context");

            given().auth().oauth2(TOKEN).post("/api/v1/booking/resume/" + id).then().statusCode(202)
                    .body("status", equalTo("queued"));
            SseClient.Event resumed = awaitStatus(sse, "queued");
            assertEquals("resumed", resumed.data().path("code").asText());
            TestJobs.scanNextQr(sse);
            awaitStatus(sse, "searching");
            JsonPath freed = release("Uppsala", 12);
            SseClient.Event done = sse.await("booking_completed", WAIT);
            assertEquals(freed.getString("date"), done.data().path("booking_result").path("exam_date").asText());
        }
    }

    @Test
    void aSlotThatFitsAWatchingJobIsAnnouncedAndBookedAfterItsScan() throws Exception {
        JsonPath watcher = start("Gävle");
        String watcherId = watcher.getString("job_id");
        try (SseClient w = searching(watcher)) {
            logEveryoneOut();
            awaitStatus(w, "watching");
            // Another person, logged in for another place of the same exam: its session searches Gävle too.
            JsonPath other = start("Linköping");
            try (SseClient o = searching(other)) {
                JsonPath freed = release("Gävle", 15);
                SseClient.Event told = w.await("slot_available", WAIT);
                assertEquals("Gävle", told.data().path("params").path("location").asText());
                assertEquals(freed.getString("date"), told.data().path("slot").path("date").asText());
                assertEquals(120, told.data().path("params").path("scan_within_seconds").asInt());
                assertTrue(told.data().path("message").asText().contains("scan within 2 minutes"),
                        told.data().toString());
                assertEquals("Gävle", status(watcherId).getString("offered_slot.location"));
                TestJobs.scanNextQr(w); // its login started at once
                SseClient.Event done = w.await("booking_completed", WAIT);
                assertEquals(freed.getString("date"), done.data().path("booking_result").path("exam_date").asText(),
                        "the announced slot is tried first");
                assertEquals("searching", status(other.getString("job_id")).getString("status"),
                        "the job that found it goes on searching for its own place");
                given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + other.getString("job_id")).then()
                        .statusCode(200);
            }
        }
    }
}
