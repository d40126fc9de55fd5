package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.RedisServer;
import se.provtid.support.SseClient;

/**
 * The fleet's search across worker processes: a slot found through the session of a job on one worker is handed
 * to the job first in line on another worker, which books it; the job that found it is told and searches on.
 */
class MarketIT {

    private static final Duration LONG = ItJobs.LONG;
    private static final String PLACE = "Uppsala";

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();
    private RedisServer redis;
    private AppProcess api;
    private String prefix;
    private ItJobs jobs;

    @Test
    void aSlotFoundByAJobOnOneWorkerIsBookedByTheJobFirstInLineOnAnother() throws Exception {
        redis = running.track(RedisServer.start());
        prefix = "it-" + System.nanoTime();
        api = running.track(AppProcess.start("api", "api", redis, prefix, Map.of()));
        jobs = new ItJobs(api);
        // w2 runs one job only, and its session searches at most once in ten minutes: after its first search,
        // every search of the shared call is made by the job on w1.
        AppProcess w2 = running.track(AppProcess.start("w2", "worker", redis, prefix, AppProcess.env(
                "SITE_BASE_URL", api.url(), "SEARCH_INTERVAL", "PT10M", "WORKER_CONCURRENCY", "1")));
        jobs.scenario(Map.of("market", true, "market_free_slots", 0, "release_per_hour", 0, "rival_median_seconds", 0));

        JsonPath first = jobs.start(PLACE, "high");
        SseClient firstStream = jobs.logIn(first, "199001011111");
        String firstId = first.getString("job_id");
        ItJobs.await(() -> "searching".equals(statusOf(firstId)) && counter("looks") >= 1);
        assertTrue(owner(firstId).startsWith(w2.pid() + "-"));

        AppProcess w1 = running.track(AppProcess.start("w1", "worker", redis, prefix, AppProcess.env(
                "SITE_BASE_URL", api.url(), "SEARCH_INTERVAL", "PT1S")));
        JsonPath second = jobs.start(PLACE, "normal");
        SseClient secondStream = jobs.logIn(second, "199002022222");
        String secondId = second.getString("job_id");
        ItJobs.await(() -> "searching".equals(statusOf(secondId)));
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
        ItJobs.await(() -> events(secondId).contains("slot_went_to_other_job"));
        assertEquals("searching", statusOf(secondId), "the job that found it searches on");
        List<Map<String, Object>> bookings = given().baseUri(api.url()).get("/sim/admin/bookings").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, bookings.size(), bookings.toString());
        assertEquals("199001011111", bookings.getFirst().get("personal_number"), "booked for the first person");
        assertEquals(0, counter("self_collisions"), "no two of ours tried it at once");
        secondStream.close();
        firstStream.close();
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
        return jobs.statusOf(id);
    }
}
