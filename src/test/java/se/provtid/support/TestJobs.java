package se.provtid.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Starting jobs and playing the person's phone in tests, against the running app. */
public final class TestJobs {

    public static final String TOKEN = "test-secret-token";
    public static final Duration WAIT = Duration.ofSeconds(90);
    public static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Stockholm"));

    private TestJobs() {
    }

    /** Starts a job for a fresh user; returns the start answer. */
    public static JsonPath start(List<String> locations, LocalDate from, LocalDate to, boolean autoBook) {
        Map<String, Object> body = Map.of("user_id", "user-" + System.nanoTime(), "license_type", "B",
                "exam_type", "Körprov", "locations", locations,
                "date_ranges", List.of(Map.of("start", from.toString(), "end", to.toString())),
                "auto_book", autoBook, "priority", "high");
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/booking/start").then().statusCode(202).extract().jsonPath();
    }

    /** Opens the job's SSE stream through its stream_url. */
    public static SseClient stream(URL root, JsonPath started) {
        return SseClient.open(root.toString().replaceAll("/+$", "") + started.getString("stream_url"));
    }

    /**
     * Waits for the next QR frame that is still current and scans it with the simulated BankID app. Frames that
     * queued up while the test did other things are passed over: the app refuses a code that is too old, as the
     * real one does.
     */
    public static void scanNextQr(SseClient sse) throws InterruptedException {
        scanNextQr(sse, null);
    }

    /** As {@link #scanNextQr(SseClient)}, logging in as this person (YYYYMMDDNNNN; null: the simulator's default). */
    public static void scanNextQr(SseClient sse, String personalNumber) throws InterruptedException {
        SseClient.Event frame = sse.await("qr_code_update", WAIT);
        while (java.time.Instant.parse(frame.data().path("valid_until").asText()).isBefore(java.time.Instant.now())) {
            frame = sse.await("qr_code_update", WAIT);
        }
        String qr = frame.data().path("qr_payload").asText();
        Map<String, String> scan = personalNumber == null ? Map.of("qr", qr)
                : Map.of("qr", qr, "personal_number", personalNumber);
        given().contentType(ContentType.JSON).body(scan).post("/sim/bankid/scan").then().statusCode(200);
    }

    /** Sets simulator trouble knobs. */
    public static void scenario(Map<String, Object> knobs) {
        given().contentType(ContentType.JSON).body(knobs).put("/sim/admin/scenario").then().statusCode(200);
    }

    /** Bookings the simulated site holds. */
    public static List<Map<String, Object>> siteBookings() {
        return given().get("/sim/admin/bookings").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** Waits for a status_update whose message contains the text. */
    public static SseClient.Event awaitNote(SseClient sse, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            SseClient.Event e = sse.await("status_update", WAIT);
            if (e.data().path("message").asText().contains(text)) {
                return e;
            }
        }
        throw new AssertionError("no status_update saying '" + text + "'");
    }

    /**
     * The simulator's market with every slot taken, nothing released at random and no rivals: a job can only book
     * what a test frees with {@link #release}.
     */
    public static void scarceMarket() {
        given().post("/sim/admin/reset").then().statusCode(200);
        scenario(Map.of("market", true, "market_free_slots", 0, "release_per_hour", 0, "rival_median_seconds", 0));
    }

    /** Frees one driving-test slot at the place, about this many days ahead, as a cancellation would. */
    public static JsonPath release(String place, int daysAhead) {
        return given().contentType(ContentType.JSON).body(Map.of("location", place, "days_ahead", daysAhead))
                .post("/sim/admin/releases").then().statusCode(201).extract().jsonPath();
    }

    /** Waits for the next status_update to this status (earlier ones are passed over). */
    public static SseClient.Event awaitStatus(SseClient sse, String status) throws InterruptedException {
        while (true) {
            SseClient.Event e = sse.await("status_update", WAIT);
            if (e.data().path("status").asText().equals(status)) {
                return e;
            }
        }
    }
}
