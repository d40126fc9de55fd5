package se.provtid.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.provtid.support.TestJobs.TODAY;
import static se.provtid.support.TestJobs.TOKEN;
import static se.provtid.support.TestJobs.WAIT;
import static se.provtid.support.TestJobs.awaitNote;
import static se.provtid.support.TestJobs.scanNextQr;
import static se.provtid.support.TestJobs.scenario;
import static se.provtid.support.TestJobs.siteBookings;
import static se.provtid.support.TestJobs.start;
import static se.provtid.support.TestJobs.stream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;

/** The simulated site misbehaves in each way the dossier describes; each job must end in the right state. */
@QuarkusTest
class SiteTroubleTests {

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void slowAnswersAndTimeoutsAreRetriedWithBackoff() throws Exception {
        scenario(Map.of("latency_ms", 4_000, "latency_endpoints", List.of("occasion-bundles")));
        JsonPath job = start(List.of("Uppsala"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        try (SseClient sse = stream(root, job)) {
            scanNextQr(sse);
            awaitNote(sse, "not answering well");
            scenario(Map.of("latency_ms", 0));
            sse.await("booking_completed", WAIT);
        }
        assertEquals(1, siteBookings().size());
    }

    @Test
    void tooManyRequestsPausesTheFleetThenCarriesOn() throws Exception {
        scenario(Map.of("rate_limit_next", 2));
        JsonPath job = start(List.of("Linköping"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        try (SseClient sse = stream(root, job)) {
            scanNextQr(sse);
            assertTrue(awaitNote(sse, "slow down").data().path("message").asText().contains("HTTP 429"));
            sse.await("booking_completed", WAIT);
        }
        assertEquals(1, siteBookings().size());
    }

    @Test
    void forbiddenAfterHeavyPollingPausesTheFleetThenCarriesOn() throws Exception {
        scenario(Map.of("forbid_above_per_minute", 1, "forbid_seconds", 3));
        JsonPath job = start(List.of("Gävle"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        try (SseClient sse = stream(root, job)) {
            scanNextQr(sse);
            assertTrue(awaitNote(sse, "slow down").data().path("message").asText().contains("HTTP 403"));
            scenario(Map.of("forbid_above_per_minute", 600));
            sse.await("booking_completed", WAIT);
        }
        assertEquals(1, siteBookings().size());
    }

    @Test
    void maintenanceIsWaitedOut() throws Exception {
        scenario(Map.of("maintenance", true));
        JsonPath job = start(List.of("Skövde"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        try (SseClient sse = stream(root, job)) {
            awaitNote(sse, "updating");
            scenario(Map.of("maintenance", false));
            scanNextQr(sse);
            sse.await("booking_completed", WAIT);
        }
        assertEquals(1, siteBookings().size());
    }

    @Test
    void aSlotTakenBetweenSearchAndReserveMeansSearchingOn() throws Exception {
        scenario(Map.of("steal_next_reservations", 1));
        JsonPath job = start(List.of("Örebro"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        try (SseClient sse = stream(root, job)) {
            scanNextQr(sse);
            awaitNote(sse, "taken by someone else");
            sse.await("booking_completed", WAIT);
        }
        List<Map<String, Object>> bookings = siteBookings();
        assertEquals(1, bookings.size());
        assertEquals("Örebro", bookings.getFirst().get("location"));
    }

    @Test
    void aHoldThatLapsesWhileAwaitingConfirmationMeansSearchingAgain() throws Exception {
        scenario(Map.of("reservation_hold_seconds", 3));
        JsonPath job = start(List.of("Umeå"), TODAY.plusDays(10), TODAY.plusDays(30), false);
        String id = job.getString("job_id");
        try (SseClient sse = stream(root, job)) {
            scanNextQr(sse);
            String first = sse.await("slots_found", WAIT).data().path("slots").path(0).path("examination_id").asText();
            awaitNote(sse, "lapsed");
            scenario(Map.of("reservation_hold_seconds", 900));
            sse.await("slots_found", WAIT);
            given().auth().oauth2(TOKEN).post("/api/v1/booking/confirm/" + id).then().statusCode(202);
            sse.await("booking_completed", WAIT);
            assertTrue(first.length() > 0);
        }
        assertEquals(1, siteBookings().size());
    }

    @Test
    void aForcedLogoutMakesTheJobWatchUntilItsPersonLogsInAgain() throws Exception {
        scenario(Map.of("session_lifetime_seconds", 5, "reservation_hold_seconds", 3));
        JsonPath job = start(List.of("Västerås"), TODAY.plusDays(10), TODAY.plusDays(30), false);
        String id = job.getString("job_id");
        try (SseClient sse = stream(root, job)) {
            String firstQr = sse.await("qr_code_update", WAIT).data().path("qr_payload").asText();
            given().contentType("application/json").body(Map.of("qr", firstQr)).post("/sim/bankid/scan").then()
                    .statusCode(200);
            sse.await("slots_found", WAIT);
            // The hold lapses, the search resumes, and the site has logged the person out by then: no new QR
            // code on its own, the job watches and asks its person to log in again.
            sse.await("login_required", WAIT);
            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + id).then().body("status",
                    equalTo("watching"));
            scenario(Map.of("session_lifetime_seconds", 1800, "reservation_hold_seconds", 900));
            given().auth().oauth2(TOKEN).post("/api/v1/booking/resume/" + id).then().statusCode(202);
            String secondQr = sse.await("qr_code_update", WAIT).data().path("qr_payload").asText();
            assertNotEquals(firstQr.split("\\.")[1], secondQr.split("\\.")[1], "a new BankID order");
            given().contentType("application/json").body(Map.of("qr", secondQr)).post("/sim/bankid/scan").then()
                    .statusCode(200);
            sse.await("slots_found", WAIT);
            given().auth().oauth2(TOKEN).post("/api/v1/booking/confirm/" + id).then().statusCode(202);
            sse.await("booking_completed", WAIT);
        }
        assertEquals(1, siteBookings().size());
    }

    @Test
    void aBookingHindranceFailsAtOnceWithAClearCode() throws Exception {
        scenario(Map.of("hindrance", "Du har en obetald avgift."));
        JsonPath job = start(List.of("Luleå"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        try (SseClient sse = stream(root, job)) {
            scanNextQr(sse);
            SseClient.Event failed = sse.await("job_failed", WAIT);
            assertEquals("booking_hindrance", failed.data().path("error").path("code").asText());
            assertTrue(failed.data().path("error").path("message").asText().contains("obetald avgift"));
        }
        given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + job.getString("job_id")).then()
                .body("status", equalTo("failed")).body("error.code", equalTo("booking_hindrance"));
        assertEquals(0, siteBookings().size());
    }
}
