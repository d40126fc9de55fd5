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
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/**
 * What the fleet learns and shows, end to end against the simulator's market, a real Redis and real Chromium: the
 * plan's call for a searching job's place in {@code /api/v1/stats}, and a released late cancellation counted at its
 * place once a search has seen it.
 */
@QuarkusTest
class FleetLearnsTests {

    private static final String PLACE = "Örebro";

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void scarceSlots() {
        TestJobs.scarceMarket();
    }

    @Test
    void thePlanShowsTheCallAndThePlaceCountsTheReleasedSlot() throws Exception {
        JsonPath before = stats();
        Map<String, Object> body = Map.of("user_id", "learns-" + System.nanoTime(), "license_type", "B",
                "exam_type", "Körprov", "locations", List.of(PLACE), "date_ranges",
                List.of(Map.of("start", TODAY.toString(), "end", TODAY.plusDays(40).toString())), "auto_book", true);
        JsonPath started = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/booking/start").then().statusCode(202).extract().jsonPath();
        try (SseClient sse = TestJobs.stream(root, started)) {
            TestJobs.scanNextQr(sse);
            while (!sse.await("status_update", WAIT).data().path("status").asText().equals("searching")) {
                // through login to searching
            }
            JsonPath planned = statsUntil(s -> callAt(s) >= 0 && s.getLong(call(s) + ".looks") > 0);
            String call = call(planned);
            assertTrue(planned.getInt(call + ".wanted_by") >= 1, planned.prettify());
            assertTrue(planned.getString(call + ".exam").startsWith("B|"), planned.prettify());
            assertTrue(planned.getDouble(call + ".looked_every_seconds") > 0, planned.prettify());

            // Two days ahead: the site marks it a late cancellation.
            JsonPath freed = given().contentType(ContentType.JSON).body(Map.of("location", PLACE, "days_ahead", 2))
                    .post("/sim/admin/releases").then().statusCode(201).extract().jsonPath();
            SseClient.Event done = sse.await("booking_completed", WAIT);
            assertEquals(freed.getString("date"), done.data().path("booking_result").path("exam_date").asText());
        }
        JsonPath after = stats();
        String place = place(after);
        assertTrue(place != null, "the place is listed by name: " + after.prettify());
        assertTrue(after.getLong(place + ".appeared") >= placeFigure(before, "appeared") + 1, after.prettify());
        assertTrue(after.getLong(place + ".late_cancellations") >= placeFigure(before, "late_cancellations") + 1,
                after.prettify());
        assertTrue(after.getLong("search.counters.looks") > before.getLong("search.counters.looks"));
        assertTrue(after.getLong("search.counters.slots_found") > before.getLong("search.counters.slots_found"));
        assertTrue(after.getLong("search.counters.handed_out") > before.getLong("search.counters.handed_out"));
    }

    private static JsonPath stats() {
        return given().auth().oauth2(TOKEN).get("/api/v1/stats").then().statusCode(200).extract().jsonPath();
    }

    /** Reads the stats until they show what is awaited (the planner runs once a second); fails after WAIT. */
    private static JsonPath statsUntil(Predicate<JsonPath> shown) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonPath s = stats();
        while (!shown.test(s)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the stats never showed it: " + s.prettify());
            }
            Thread.sleep(200);
            s = stats();
        }
        return s;
    }

    private static int callAt(JsonPath s) {
        List<List<String>> places = s.getList("search.calls.places");
        for (int i = 0; i < places.size(); i++) {
            if (places.get(i).contains(PLACE)) {
                return i;
            }
        }
        return -1;
    }

    private static String call(JsonPath s) {
        return "search.calls[" + callAt(s) + "]";
    }

    private static String place(JsonPath s) {
        int i = s.getList("search.places.location").indexOf(PLACE);
        return i < 0 ? null : "search.places[" + i + "]";
    }

    private static long placeFigure(JsonPath s, String figure) {
        String p = place(s);
        return p == null ? 0 : s.getLong(p + "." + figure);
    }
}
