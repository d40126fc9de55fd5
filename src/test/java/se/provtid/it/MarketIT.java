package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.RedisServer;
import se.provtid.support.SseClient;

/**
 * The fleet's search across worker processes: a slot found through the session of a job on one worker is handed
 * to the job first in line on another worker, which books it; the job that found it is told and searches on.
 */
class MarketIT {

    private static final Duration LONG = Duration.ofMinutes(3);
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));
    private static final String PLACE = "Uppsala";

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();
    private RedisServer redis;
    private AppProcess api;
    private String prefix;

    @Test
    void aSlotFoundByAJobOnOneWorkerIsBookedByTheJobFirstInLineOnAnother() throws Exception {
        redis = running.track(RedisServer.start());
        prefix = "it-" + System.nanoTime();
        api = running.track(AppProcess.start("api", "api", redis, prefix, Map.of()));
        // w2 runs one job only, and its session searches at most once in ten minutes: after its first search,
        // every search of the shared call is made by the job on w1.
        AppProcess w2 = running.track(AppProcess.start("w2", "worker", redis, prefix, AppProcess.env(
                "SITE_BASE_URL", api.url(), "SEARCH_INTERVAL", "PT10M", "WORKER_CONCURRENCY", "1")));
        scenario(Map.of("market", true, "market_free_slots", 0, "release_per_hour", 0, "rival_median_seconds", 0));

        JsonPath first = start("high");
        SseClient firstStream = logIn(first, "199001011111");
        String firstId = first.getString("job_id");
        await(() -> "searching".equals(statusOf(firstId)) && counter("looks") >= 1);
        assertTrue(owner(firstId).startsWith(w2.pid() + "-"));

        AppProcess w1 = running.track(AppProcess.start("w1", "worker", redis, prefix, AppProcess.env(
                "SITE_BASE_URL", api.url(), "SEARCH_INTERVAL", "PT1S")));
        JsonPath second = start("normal");
        SseClient secondStream = logIn(second, "199002022222");
        String secondId = second.getString("job_id");
        await(() -> "searching".equals(statusOf(secondId)));
        assertTrue(owner(secondId).startsWith(w1.pid() + "-"), "w2 runs no second job");

        long looksBefore = counter("looks");
        JsonPath freed = given().baseUri(api.url()).contentType(ContentType.JSON)
                .body(Map.of("location", PLACE, "days_ahead", 15)).post("/sim/admin/releases").then()
                .statusCode(201).extract().jsonPath();
        // The shared call is due now: the one rested session that wants it, the job on w1, makes it.
        for (String key : redis.cli("ZRANGE", prefix + ":search:due", "0", "-1").split("\\s+")) {
            if (!key.isBlank()) {
                redis.cli("ZADD", prefix + ":search:due", "XX", "0", key);
            }
        }

        SseClient.Event done = firstStream.await("booking_completed", LONG);
        assertEquals(freed.getString("date"), done.data().path("booking_result").path("exam_date").asText(),
                "the high-priority job on w2 booked the freed slot");
        assertTrue(counter("looks") > looksBefore, "a search found it after the release");
        await(() -> events(secondId).contains("slot_went_to_other_job"));
        assertEquals("searching", statusOf(secondId), "the job that found it searches on");
        List<Map<String, Object>> bookings = given().baseUri(api.url()).get("/sim/admin/bookings").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, bookings.size(), bookings.toString());
        assertEquals("199001011111", bookings.getFirst().get("personal_number"), "booked for the first person");
        assertEquals(0, counter("self_collisions"), "no two of ours tried it at once");
        secondStream.close();
        firstStream.close();
    }

    private JsonPath start(String priority) {
        Map<String, Object> body = Map.of("user_id", "market-" + priority + "-" + System.nanoTime(),
                "license_type", "B", "exam_type", "Körprov", "locations", List.of(PLACE), "date_ranges",
                List.of(Map.of("start", TODAY.plusDays(3).toString(), "end", TODAY.plusDays(60).toString())),
                "auto_book", true, "priority", priority);
        Response r = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).contentType(ContentType.JSON)
                .body(body).post("/api/v1/booking/start");
        assertEquals(202, r.statusCode(), r.asString());
        return r.jsonPath();
    }

    private SseClient logIn(JsonPath started, String personalNumber) throws Exception {
        SseClient sse = SseClient.open(api.url() + started.getString("stream_url"));
        SseClient.Event frame = sse.await("qr_code_update", LONG);
        while (Instant.parse(frame.data().path("valid_until").asText()).isBefore(Instant.now())) {
            frame = sse.await("qr_code_update", LONG);
        }
        given().baseUri(api.url()).contentType(ContentType.JSON)
                .body(Map.of("qr", frame.data().path("qr_payload").asText(), "personal_number", personalNumber))
                .post("/sim/bankid/scan").then().statusCode(200);
        return sse;
    }

    private long counter(String field) {
        String v = cli("HGET", prefix + ":search:counters", field);
        return v.isBlank() ? 0 : Long.parseLong(v.trim());
    }

    private String owner(String id) {
        return cli("HGET", prefix + ":job:" + id, "owner");
    }

    private String events(String id) {
        return cli("XRANGE", prefix + ":events:" + id, "-", "+");
    }

    private String cli(String... args) {
        try {
            return redis.cli(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String statusOf(String id) {
        Response r = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).get("/api/v1/booking/status/" + id);
        return r.statusCode() == 200 ? r.jsonPath().getString("status") : "http-" + r.statusCode();
    }

    private void scenario(Map<String, Object> knobs) {
        given().baseUri(api.url()).contentType(ContentType.JSON).body(knobs).put("/sim/admin/scenario").then()
                .statusCode(200);
    }

    private static void await(BooleanSupplier condition) throws Exception {
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
