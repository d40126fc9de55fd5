package se.provtid.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.provtid.support.TestJobs.TODAY;
import static se.provtid.support.TestJobs.TOKEN;
import static se.provtid.support.TestJobs.WAIT;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/**
 * A start request's preferences against the running app, the simulator's slot market, a real Redis and real
 * Chromium: every slot is taken but those a test releases, so a job can only book what a test freed, and a freed
 * slot it passes over stays free. Each test frees a slot that a job without the preference would take first.
 * Each test frees its own days: the simulator's slot ids repeat after a reset, and the fleet remembers a slot it
 * handed out for a minute (FleetSearch.SLOT_MS), so a slot of the test before would not be handed out at once.
 */
@QuarkusTest
class PreferenceTests {

    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    /** Where Uppsala's test location is (the simulator's and the shipped catalogue's coordinates agree). */
    private static final double UPPSALA_LAT = 59.8526;
    private static final double UPPSALA_LON = 17.677;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void scarceSlots() {
        TestJobs.scarceMarket();
    }

    private static JsonPath start(List<String> places, Map<String, Object> prefs) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("user_id", "prefs-" + System.nanoTime(),
                "license_type", "B", "exam_type", "Körprov", "locations", places, "date_ranges",
                List.of(Map.of("start", TODAY.plusDays(1).toString(), "end", TODAY.plusDays(40).toString())),
                "auto_book", true));
        body.putAll(prefs);
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/booking/start").then().statusCode(202).extract().jsonPath();
    }

    /** Logs the job in (as {@code person}, or the simulator's default) and waits for its booking. */
    private JsonNode booked(JsonPath started, String person) throws InterruptedException {
        try (SseClient sse = TestJobs.stream(root, started)) {
            TestJobs.scanNextQr(sse, person);
            return sse.await("booking_completed", WAIT).data();
        }
    }

    /** Frees one driving-test slot at the place, about this many days ahead, as a cancellation would. */
    /** Ends every job still running in the app, whichever test class started it. */
    private static void cancelEveryLiveJob() {
        List<Map<String, Object>> jobs = given().auth().oauth2(TOKEN).queryParam("limit", 100).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList("jobs");
        for (Map<String, Object> j : jobs) {
            if (!List.of("completed", "failed", "cancelled", "expired").contains(j.get("status"))) {
                given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("force", true)).post("/api/v1/booking/cancel/" + j.get("job_id"));
            }
        }
    }
    /** Who took a released slot: "provtid", "rival", or null while it is free. */
    private static Object takenBy(JsonPath released) {
        List<Map<String, Object>> all = given().get("/sim/admin/releases").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return all.stream().filter(r -> ((Number) r.get("release_id")).longValue() == released.getLong("release_id"))
                .findFirst().orElseThrow(() -> new AssertionError("release not listed: " + all)).get("taken_by");
    }

    private static void assertBooked(JsonPath released, JsonNode done) {
        JsonNode r = done.path("booking_result");
        assertEquals(released.getString("location"), r.path("location").asText(), done.toString());
        assertEquals(released.getString("date"), r.path("exam_date").asText(), done.toString());
        assertEquals(released.getString("time"), r.path("exam_time").asText(), done.toString());
        assertEquals("provtid", takenBy(released));
    }

    private static String wire(DayOfWeek d) {
        return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }

    @Test
    void aSlotOnADayNotInWeekdaysIsPassedOver() throws Exception {
        JsonPath outside = TestJobs.release("Uppsala", 20);
        JsonPath inside = TestJobs.release("Uppsala", 23);
        DayOfWeek excluded = LocalDate.parse(outside.getString("date")).getDayOfWeek();
        assertNotEquals(excluded, LocalDate.parse(inside.getString("date")).getDayOfWeek(), "two weekdays freed");
        assertTrue(LocalDate.parse(outside.getString("date")).isBefore(LocalDate.parse(inside.getString("date"))),
                "the slot outside is the earlier: without the rule the job would take it");
        List<String> days = Arrays.stream(DayOfWeek.values()).filter(d -> d != excluded)
                .map(PreferenceTests::wire).toList();
        JsonPath started = start(List.of("Uppsala"), Map.of("weekdays", days));
        assertBooked(inside, booked(started, null));
        assertNull(takenBy(outside), "the slot on the excluded weekday was left free");
        JsonNode view = status(started);
        assertEquals(6, view.path("preferences").path("weekdays").size(), view.toString());
    }

    @Test
    void aSlotOutsideTheTimesIsPassedOver() throws Exception {
        JsonPath a = TestJobs.release("Uppsala", 26);
        JsonPath b = TestJobs.release("Uppsala", 26); // the same day's other slot
        assertEquals(a.getString("date"), b.getString("date"), "one day's two slots");
        JsonPath morning = LocalTime.parse(a.getString("time")).isBefore(LocalTime.parse(b.getString("time"))) ? a
                : b;
        JsonPath afternoon = morning == a ? b : a;
        assertTrue(LocalTime.parse(morning.getString("time")).isBefore(LocalTime.NOON), morning.prettify());
        assertTrue(LocalTime.parse(afternoon.getString("time")).isAfter(LocalTime.NOON), afternoon.prettify());
        JsonPath started = start(List.of("Uppsala"), Map.of("times", Map.of("earliest", "12:00")));
        assertBooked(afternoon, booked(started, null));
        assertNull(takenBy(morning), "the morning slot, earlier that day, was left free");
    }

    @Test
    void aSlotSoonerThanTheMinimumNoticeIsPassedOver() throws Exception {
        JsonPath soon = TestJobs.release("Uppsala", 2);
        JsonPath later = TestJobs.release("Uppsala", 29);
        assertTrue(LocalDate.parse(soon.getString("date")).isBefore(TODAY.plusDays(4)), soon.prettify());
        assertTrue(LocalDate.parse(later.getString("date")).isAfter(TODAY.plusDays(6)), later.prettify());
        JsonPath started = start(List.of("Uppsala"), Map.of("min_notice", "P5D"));
        assertBooked(later, booked(started, null));
        assertNull(takenBy(soon), "the slot within the notice was left free");
    }

    @Test
    void onlyASlotStrictlyBeforeBookBeforeIsTaken() throws Exception {
        JsonPath onTheDay = TestJobs.release("Uppsala", 32);
        long looks = looks();
        JsonPath started = start(List.of("Uppsala"), Map.of("book_before", onTheDay.getString("date")));
        try (SseClient sse = TestJobs.stream(root, started)) {
            TestJobs.scanNextQr(sse, null);
            // Two searches after the job started: its places were searched with the slot of that day free.
            await().atMost(WAIT).until(() -> looks() >= looks + 2);
            JsonPath earlier = TestJobs.release("Uppsala", 5);
            JsonNode done = sse.await("booking_completed", WAIT).data();
            assertBooked(earlier, done);
        }
        assertNull(takenBy(onTheDay), "the slot on the book_before day itself was never taken");
    }

    @Test
    void nearAddsThePlacesWithinItsDistanceToTheNamedOnes() throws Exception {
        JsonPath freed = TestJobs.release("Uppsala", 8);
        // Only Luleå is named; Uppsala lies within 20 km of the point, Stockholm (about 60 km) does not.
        JsonPath started = start(List.of("Luleå"), Map.of("near", Map.of("lat", UPPSALA_LAT + 0.05, "lon",
                UPPSALA_LON, "max_km", 20)));
        assertBooked(freed, booked(started, null));
        assertEquals(20, status(started).path("preferences").path("near").path("max_km").asInt());
    }

    @Test
    void nearAloneNeedsNoNamedPlace() throws Exception {
        JsonPath freed = TestJobs.release("Uppsala", 11);
        JsonPath started = start(List.of(), Map.of("near", Map.of("lat", UPPSALA_LAT, "lon", UPPSALA_LON,
                "max_km", 10)));
        assertBooked(freed, booked(started, null));
    }

    @Test
    void rankNearestTakesTheNearerOfTwoFittingSlotsThoughTheOtherIsEarlier() throws Exception {
        // The ranking chooses among the slots one search answer holds: with no other job's places in the plan,
        // the job's two places share one call (places are chunked four to a call across all searching jobs).
        cancelEveryLiveJob();
        JsonPath far = TestJobs.release("Stockholm", 3);
        JsonPath near = TestJobs.release("Uppsala", 14);
        assertTrue(LocalDate.parse(far.getString("date")).isBefore(LocalDate.parse(near.getString("date"))),
                "the far slot is the earlier: ranking by date the job would take it");
        JsonPath started = start(List.of("Stockholm", "Uppsala"), Map.of("rank", "nearest", "near",
                Map.of("lat", UPPSALA_LAT, "lon", UPPSALA_LON, "max_km", 5)));
        assertBooked(near, booked(started, null));
        assertNull(takenBy(far));
    }

    @Test
    void aPersonUnderEighteenOnTheTestDateIsToldWhenToPayTheInvoice() throws Exception {
        JsonPath freed = TestJobs.release("Uppsala", 17);
        // Sixteen today, so under 18 on any date the job asks for; the last four digits are made up.
        String sixteen = TODAY.minusYears(16).format(DateTimeFormatter.BASIC_ISO_DATE) + "2384";
        JsonPath started = start(List.of("Uppsala"), Map.of());
        JsonNode done = booked(started, sixteen);
        assertBooked(freed, done);
        String expected = LocalDate.parse(freed.getString("date")).atTime(LocalTime.parse(freed.getString("time")))
                .atZone(SWEDEN).toInstant().minus(Duration.ofHours(25)).toString();
        assertEquals(expected, done.path("pay_by").asText(), done.toString());
        assertEquals(expected, done.path("booking_result").path("pay_by").asText());
        JsonNode view = status(started);
        assertEquals(expected, view.path("booking_result").path("pay_by").asText(), view.toString());
        assertFalse(view.toString().contains(sixteen), "the personal number is never shown");
        assertFalse(done.toString().contains(sixteen));
    }

    @Test
    void anAdultsBookingHasNoPayBy() throws Exception {
        JsonPath freed = TestJobs.release("Uppsala", 35);
        JsonNode done = booked(start(List.of("Uppsala"), Map.of()), null); // the simulator's default: born 1990
        assertBooked(freed, done);
        assertTrue(done.path("pay_by").isMissingNode(), done.toString());
        assertTrue(done.path("booking_result").path("pay_by").isMissingNode(), done.toString());
    }

    private static long looks() {
        return given().auth().oauth2(TOKEN).get("/api/v1/stats").then().statusCode(200).extract().jsonPath()
                .getLong("search.counters.looks");
    }

    private static JsonNode status(JsonPath started) throws Exception {
        String body = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + started.getString("job_id"))
                .then().statusCode(200).extract().asString();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    }
}
