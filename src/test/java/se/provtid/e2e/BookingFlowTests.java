package se.provtid.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.Management;
import se.provtid.support.PromText;
import se.provtid.support.QrDecoder;
import se.provtid.support.SseClient;

/**
 * Plays the person against the running app: REST, Redis, the worker driving real Chromium through the
 * simulated site, the QR image scanned by the simulated BankID app, and the job's SSE stream.
 */
@QuarkusTest
class BookingFlowTests {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private static final String TOKEN = "test-secret-token";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Stockholm"));

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void resetSimulator() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void autoBookBooksTheEarliestMatchingSlotAndReportsIt() throws Exception {
        LocalDate from = TODAY.plusDays(10);
        LocalDate to = TODAY.plusDays(40);
        JsonPath started = start("auto-" + System.nanoTime(), List.of("Uppsala", "Stockholm"), from, to, true);
        String jobId = started.getString("job_id");

        try (SseClient sse = SseClient.open(url(started.getString("stream_url")))) {
            assertEquals(200, sse.status());
            assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
            SseClient.Event frame = sse.await("qr_code_update", WAIT);
            String payload = frame.data().path("qr_payload").asText();
            assertTrue(payload.startsWith("bankid."), payload);
            assertEquals(payload, QrDecoder.decodeDataUrl(frame.data().path("qr_code_data").asText()),
                    "the PNG must scan to exactly qr_payload");

            scan(payload, "200001011234").then().statusCode(200).body("status", equalTo("approved"));

            SseClient.Event done = sse.await("booking_completed", WAIT);
            List<SseClient.Event> all = sse.awaitEnd(Duration.ofSeconds(10));
            assertEquals("booking_completed", all.getLast().type(), "the stream ends after the final event");
            List<String> statuses = all.stream().filter(e -> e.type().equals("status_update"))
                    .map(e -> e.data().path("status").asText()).toList();
            assertTrue(statuses.containsAll(List.of("authenticating", "searching", "reserving", "booking", "completed")),
                    statuses.toString());

            var result = done.data().path("booking_result");
            String location = result.path("location").asText();
            LocalDate date = LocalDate.parse(result.path("exam_date").asText());
            assertTrue(List.of("Uppsala", "Stockholm").contains(location), location);
            assertFalse(date.isBefore(from) || date.isAfter(to), date + " outside " + from + ".." + to);

            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().statusCode(200)
                    .body("status", equalTo("completed")).body("progress", equalTo(100))
                    .body("booking_result.booking_id", equalTo(result.path("booking_id").asText()))
                    .body("booking_result.exam_date", equalTo(date.toString()))
                    .body("booking_result.exam_time", equalTo(result.path("exam_time").asText()))
                    .body("booking_result.location", equalTo(location));

            List<Map<String, Object>> bookings = given().get("/sim/admin/bookings").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertEquals(1, bookings.size(), bookings.toString());
            Map<String, Object> b = bookings.getFirst();
            assertEquals(result.path("booking_id").asText(), b.get("booking_id"));
            assertEquals("200001011234", b.get("personal_number"));
            assertEquals(location, b.get("location"));
            assertEquals(date.toString(), b.get("date"));
            assertEquals(result.path("exam_time").asText(), b.get("time"));

            String metrics = Management.metrics(management);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("provtid_jobs_finished_total{")
                    && l.contains("status=\"completed\"") && !l.endsWith(" 0.0")), "completed jobs are counted");
            for (String phase : List.of("queued", "starting", "authenticating", "searching", "reserving", "booking")) {
                assertTrue(PromText.value(metrics, "provtid_job_phase_seconds_count", Map.of("phase", phase)) >= 1,
                        "time in " + phase + " is recorded");
            }
            assertTrue(PromText.value(metrics, "provtid_qr_first_frame_seconds_count") >= 1, "first QR frame timed");
            assertTrue(PromText.value(metrics, "provtid_qr_frame_lateness_seconds_count") >= 1, "QR lateness timed");
            assertTrue(PromText.value(metrics, "provtid_site_requests_total", Map.of("outcome", "ok")) >= 3,
                    "site calls are counted by endpoint and outcome");
            assertTrue(PromText.value(metrics, "provtid_browser_memory_bytes") >= 0, "browser memory exported");

            // A late subscriber to a finished job gets the final status and outcome, then the stream ends.
            try (SseClient late = SseClient.open(url(started.getString("stream_url")))) {
                List<String> types = late.awaitEnd(Duration.ofSeconds(10)).stream().map(SseClient.Event::type).toList();
                assertEquals(List.of("status_update", "booking_completed"), types);
            }
            // Last-Event-ID resumes right after the given event.
            try (SseClient resumed = SseClient.open(url("/api/v1/booking/stream/" + jobId), frame.id(), TOKEN)) {
                List<SseClient.Event> rest = resumed.awaitEnd(Duration.ofSeconds(10));
                assertFalse(rest.isEmpty());
                assertTrue(rest.stream().noneMatch(e -> e.id().equals(frame.id())), "resume must skip the given id");
                assertEquals(all.subList(all.indexOf(all.stream().filter(e -> e.id().equals(frame.id())).findFirst()
                        .orElseThrow()) + 1, all.size()).stream().map(SseClient.Event::id).toList(),
                        rest.stream().map(SseClient.Event::id).toList());
            }
        }
    }

    @Test
    void withoutAutoBookTheJobHoldsASlotAndBooksOnlyOnConfirm() throws Exception {
        LocalDate from = TODAY.plusDays(20);
        LocalDate to = TODAY.plusDays(34);
        JsonPath started = start("confirm-" + System.nanoTime(), List.of("Göteborg"), from, to, false);
        String jobId = started.getString("job_id");

        try (SseClient sse = SseClient.open(url(started.getString("stream_url")))) {
            String payload = sse.await("qr_code_update", WAIT).data().path("qr_payload").asText();
            scan(payload, null).then().statusCode(200);

            SseClient.Event found = sse.await("slots_found", WAIT);
            assertTrue(found.data().path("awaiting_confirmation").asBoolean());
            var held = found.data().path("slots").path(0);
            assertEquals("Göteborg", held.path("location").asText());
            LocalDate heldDate = LocalDate.parse(held.path("date").asText());
            assertFalse(heldDate.isBefore(from) || heldDate.isAfter(to));

            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().statusCode(200)
                    .body("status", equalTo("awaiting_confirmation"))
                    .body("held_slot.examination_id", equalTo(held.path("examination_id").asText()));
            assertEquals(0, given().get("/sim/admin/bookings").then().extract().jsonPath().getList("$").size(),
                    "nothing is booked before confirm");

            given().auth().oauth2(TOKEN).post("/api/v1/booking/confirm/" + jobId).then().statusCode(202);

            SseClient.Event done = sse.await("booking_completed", WAIT);
            assertEquals(held.path("date").asText(), done.data().path("booking_result").path("exam_date").asText());
            assertEquals(held.path("time").asText(), done.data().path("booking_result").path("exam_time").asText());
            List<Map<String, Object>> bookings = given().get("/sim/admin/bookings").then().extract().jsonPath()
                    .getList("$");
            assertEquals(1, bookings.size());
            assertEquals(Long.parseLong(held.path("examination_id").asText()),
                    ((Number) bookings.getFirst().get("examination_id")).longValue());
        }
    }

    @Test
    void aStaleQrIsRefusedAndAFreshOneAccepted() throws Exception {
        JsonPath started = start("stale-" + System.nanoTime(), List.of("Malmö"), TODAY.plusDays(10),
                TODAY.plusDays(30), true);
        try (SseClient sse = SseClient.open(url(started.getString("stream_url")))) {
            String old = sse.await("qr_code_update", WAIT).data().path("qr_payload").asText();
            Thread.sleep(4_500); // longer than the 3 s the BankID app accepts
            scan(old, null).then().statusCode(422).contentType("application/problem+json")
                    .body("reason", equalTo("stale"));
            String fresh = sse.await("qr_code_update", WAIT).data().path("qr_payload").asText();
            while (sse.types().size() < 100) {
                // Drain to the newest frame: frames queue up while we slept.
                try {
                    fresh = sse.await("qr_code_update", Duration.ofMillis(200)).data().path("qr_payload").asText();
                } catch (AssertionError noMore) {
                    break;
                }
            }
            scan(fresh, null).then().statusCode(200);
            scan(fresh, null).then().statusCode(409).body("reason", equalTo("already_used"));
            sse.await("booking_completed", WAIT);
        }
    }

    @Test
    void whileAuthenticatingTheFramesAndTheStatusViewCarryTheOrdersAutostartTokenAndDropItAfterwards()
            throws Exception {
        String user = "frames-" + System.nanoTime();
        JsonPath started = start(user, List.of("Malmö"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        String jobId = started.getString("job_id");
        try (SseClient sse = SseClient.open(url(started.getString("stream_url")))) {
            SseClient.Event first = sse.await("qr_code_update", WAIT);
            String token = first.data().path("autostart_token").asText();
            // The messages never print the token: test output is checked for it like any log (bin/check-logs).
            assertTrue(token.matches("[0-9a-f]{8}-[0-9a-f-]{27}"), "the frame carries the site's autostart token");
            String link = "bankid:///?autostarttoken=" + token + "&redirect=null";
            assertEquals(link, first.data().path("autostart_url").asText(), "the link is the dossier's");
            SseClient.Event second = sse.await("qr_code_update", WAIT);
            assertTrue(!second.data().path("qr_payload").asText().equals(first.data().path("qr_payload").asText())
                    && token.equals(second.data().path("autostart_token").asText())
                    && link.equals(second.data().path("autostart_url").asText()),
                    "a new code of the same order carries the same token and link");

            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().statusCode(200)
                    .body("status", equalTo("authenticating")).body("autostart_token", equalTo(token))
                    .body("autostart_url", equalTo(link));
            // The operators' job list is no place for a login: it never carries the token.
            String listed = given().auth().oauth2(TOKEN).get("/api/v1/jobs?user_id=" + user)
                    .then().statusCode(200).extract().asString();
            assertFalse(listed.contains(token), "the job list carries the autostart token");

            given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + jobId).then().statusCode(200);
            List<SseClient.Event> all = sse.awaitEnd(Duration.ofSeconds(10));
            assertTrue(all.stream().filter(e -> !e.type().equals("qr_code_update"))
                    .noneMatch(e -> e.envelope().toString().contains(token)), "only QR frames carry the token");
            String after = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().statusCode(200)
                    .body("status", equalTo("cancelled")).extract().asString();
            assertFalse(after.contains("autostart"), "a finished job's status view offers no BankID order");
        }
    }

    @Test
    void onTheSameDeviceTheAutostartTokenFromTheStreamLogsInAndTheJobBooks() throws Exception {
        LocalDate from = TODAY.plusDays(10);
        LocalDate to = TODAY.plusDays(40);
        JsonPath started = start("phone-" + System.nanoTime(), List.of("Uppsala"), from, to, true);
        String jobId = started.getString("job_id");
        try (SseClient sse = SseClient.open(url(started.getString("stream_url")))) {
            String token = sse.await("qr_code_update", WAIT).data().path("autostart_token").asText();
            // What the BankID app does when the phone's page follows autostart_url: no QR code is scanned.
            given().contentType(ContentType.JSON).body(Map.of("autostart_token", token, "personal_number",
                    "200001011234")).post("/sim/bankid/open").then().statusCode(200)
                    .body("status", equalTo("approved"));

            SseClient.Event done = sse.await("booking_completed", WAIT);
            List<SseClient.Event> all = sse.awaitEnd(Duration.ofSeconds(10));
            assertTrue(all.stream().filter(e -> e.type().equals("status_update"))
                    .map(e -> e.data().path("status").asText()).toList()
                    .containsAll(List.of("authenticating", "searching", "reserving", "booking", "completed")));
            assertTrue(all.stream().filter(e -> !e.type().equals("qr_code_update"))
                    .noneMatch(e -> e.envelope().toString().contains(token)), "only QR frames carry the token");
            String view = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then()
                    .statusCode(200).body("status", equalTo("completed")).extract().asString();
            assertFalse(view.contains("autostart"), "a completed job's status view offers no BankID order");

            List<Map<String, Object>> bookings = given().get("/sim/admin/bookings").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertEquals(1, bookings.size(), bookings.toString());
            assertEquals("200001011234", bookings.getFirst().get("personal_number"), "the person who opened the app");
            assertEquals(done.data().path("booking_result").path("booking_id").asText(),
                    bookings.getFirst().get("booking_id"));
            // The used order cannot log anyone in again.
            given().contentType(ContentType.JSON).body(Map.of("autostart_token", token)).post("/sim/bankid/open")
                    .then().statusCode(409).body("reason", equalTo("already_used"));
        }
    }

    @Test
    void aPlaceTheSiteDoesNotListFailsTheJobNamingItAndTheClosestKnownNames() throws Exception {
        // Sollentuna is in Provtid's catalogue (so the start takes it) but not among the simulated site's places.
        JsonPath started = start("unknown-" + System.nanoTime(), List.of("Uppsala", "Sollentuna"), TODAY.plusDays(10),
                TODAY.plusDays(30), true);
        try (SseClient sse = SseClient.open(url(started.getString("stream_url")))) {
            scan(sse.await("qr_code_update", WAIT).data().path("qr_payload").asText(), null).then().statusCode(200);
            SseClient.Event failed = sse.await("job_failed", WAIT);
            assertEquals("unknown_location", failed.data().path("error").path("code").asText());
            String message = failed.data().path("error").path("message").asText();
            assertTrue(message.contains("'Sollentuna'") && message.contains("Closest known: "), message);
        }
        given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + started.getString("job_id")).then()
                .body("status", equalTo("failed")).body("error.code", equalTo("unknown_location"));
        assertEquals(0, given().get("/sim/admin/bookings").then().extract().jsonPath().getList("$").size());
        // The login taught the catalogue the site's own ids.
        given().auth().oauth2(TOKEN).get("/api/v1/places").then().statusCode(200)
                .body("places.find { it.name == 'Uppsala' }.id", equalTo(1000071))
                .body("places.find { it.name == 'Sollentuna' }.latitude", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aPlaceNobodyKnowsIsRefusedAtStartWithTheClosestNames() {
        Map<String, Object> body = Map.of("user_id", "atlantis-" + System.nanoTime(), "license_type", "B",
                "exam_type", "Körprov", "locations", List.of("Uppsala", "Stokholm", "Atlantis"),
                "date_ranges", List.of(Map.of("start", TODAY.plusDays(10).toString(),
                        "end", TODAY.plusDays(30).toString())));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body).post("/api/v1/booking/start").then()
                .statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("locations[1]")).body("rule", equalTo("known_place"))
                .body("detail", org.hamcrest.Matchers.containsString("Closest known: Stockholm"))
                .body("errors.field", equalTo(List.of("locations[1]", "locations[2]")))
                .body("errors[1].detail", org.hamcrest.Matchers.startsWith("Unknown test location 'Atlantis'."));
        given().auth().oauth2(TOKEN).get("/api/v1/jobs?user_id=" + body.get("user_id")).then().statusCode(200)
                .body("jobs.size()", equalTo(0));
    }

    private JsonPath start(String user, List<String> locations, LocalDate from, LocalDate to, boolean autoBook) {
        Map<String, Object> body = Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov",
                "locations", locations, "date_ranges", List.of(Map.of("start", from.toString(), "end", to.toString())),
                "auto_book", autoBook, "priority", "high");
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/booking/start").then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/booking/status/job_"))
                .extract().jsonPath();
    }

    private static io.restassured.response.Response scan(String qr, String personalNumber) {
        Map<String, Object> body = personalNumber == null ? Map.of("qr", qr)
                : Map.of("qr", qr, "personal_number", personalNumber);
        return given().contentType(ContentType.JSON).body(body).post("/sim/bankid/scan");
    }

    private String url(String pathOrUrl) {
        if (pathOrUrl.startsWith("http")) {
            return pathOrUrl;
        }
        return root.toString().replaceAll("/+$", "") + pathOrUrl;
    }
}
