package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import se.provtid.support.SseClient;

/** Jobs through a running API process, for the integration tests: start, log in, read the status, wait. */
final class ItJobs {

    static final Duration LONG = Duration.ofMinutes(3);
    static final LocalDate TODAY = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));

    private final AppProcess api;

    ItJobs(AppProcess api) {
        this.api = api;
    }

    /** Starts a job booking a driving test at the place, 3 to 60 days ahead. */
    JsonPath start(String place, String priority) {
        Map<String, Object> body = Map.of("user_id", "it-" + priority + "-" + System.nanoTime(),
                "license_type", "B", "exam_type", "Körprov", "locations", List.of(place), "date_ranges",
                List.of(Map.of("start", TODAY.plusDays(3).toString(), "end", TODAY.plusDays(60).toString())),
                "auto_book", true, "priority", priority);
        Response r = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).contentType(ContentType.JSON)
                .body(body).post("/api/v1/booking/start");
        assertEquals(202, r.statusCode(), r.asString());
        return r.jsonPath();
    }

    /** Opens the job's stream and scans its next current QR code as this person. */
    SseClient logIn(JsonPath started, String personalNumber) throws Exception {
        SseClient sse = SseClient.open(api.url() + started.getString("stream_url"));
        scan(sse, personalNumber);
        return sse;
    }

    /** Scans the next current QR code on the stream as this person. */
    void scan(SseClient sse, String personalNumber) throws Exception {
        SseClient.Event frame = sse.await("qr_code_update", LONG);
        while (Instant.parse(frame.data().path("valid_until").asText()).isBefore(Instant.now())) {
            frame = sse.await("qr_code_update", LONG);
        }
        given().baseUri(api.url()).contentType(ContentType.JSON)
                .body(Map.of("qr", frame.data().path("qr_payload").asText(), "personal_number", personalNumber))
                .post("/sim/bankid/scan").then().statusCode(200);
    }

    String statusOf(String id) {
        Response r = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).get("/api/v1/booking/status/" + id);
        return r.statusCode() == 200 ? r.jsonPath().getString("status") : "http-" + r.statusCode();
    }

    void scenario(Map<String, Object> knobs) {
        given().baseUri(api.url()).contentType(ContentType.JSON).body(knobs).put("/sim/admin/scenario").then()
                .statusCode(200);
    }

    /** Frees one slot at the place, about this many days ahead. */
    JsonPath release(String place, int daysAhead) {
        return given().baseUri(api.url()).contentType(ContentType.JSON)
                .body(Map.of("location", place, "days_ahead", daysAhead)).post("/sim/admin/releases").then()
                .statusCode(201).extract().jsonPath();
    }

    static void await(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("condition not met within " + LONG);
    }
}
