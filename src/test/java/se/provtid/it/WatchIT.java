package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.RedisServer;
import se.provtid.support.SseClient;

/**
 * A watch outlives its worker: a job whose site login ended watches in Redis alone; the worker dies (-9) and a new
 * one starts; a slot that fits the watching job, found through another person's session on the new worker, is
 * announced to it, and its person logs in and books it.
 */
class WatchIT {

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();

    @Test
    void aKilledWorkerLosesNoWatchingJob() throws Exception {
        RedisServer redis = running.track(RedisServer.start());
        String prefix = "it-" + System.nanoTime();
        AppProcess api = running.track(AppProcess.start("api", "api", redis, prefix, Map.of()));
        ItJobs jobs = new ItJobs(api);
        Map<String, String> worker = AppProcess.env("SITE_BASE_URL", api.url(), "SEARCH_INTERVAL", "PT1S");
        AppProcess w1 = running.track(AppProcess.start("w1", "worker", redis, prefix, worker));
        jobs.scenario(Map.of("market", true, "market_free_slots", 0, "release_per_hour", 0, "rival_median_seconds", 0));

        JsonPath watcher = jobs.start("Gävle", "normal");
        String id = watcher.getString("job_id");
        try (SseClient stream = jobs.logIn(watcher, "199001011111")) {
            ItJobs.await(() -> searchedOnce(api, id));
            given().baseUri(api.url()).post("/sim/admin/logouts").then().statusCode(200);
            stream.await("login_required", ItJobs.LONG);
            assertEquals("watching", jobs.statusOf(id));

            w1.kill9();
            AppProcess w2 = running.track(AppProcess.start("w2", "worker", redis, prefix, worker));
            assertEquals("watching", jobs.statusOf(id), "nothing of a watch lived in the dead worker");
            assertTrue(redis.cli("HGET", prefix + ":search:wants", id).contains("\"watching\":true"),
                    "its places stay in the fleet's search");

            try (SseClient other = jobs.logIn(jobs.start("Linköping", "normal"), "199002022222")) {
                JsonPath freed = jobs.release("Gävle", 15);
                SseClient.Event told = stream.await("slot_available", ItJobs.LONG);
                assertEquals(freed.getString("date"), told.data().path("slot").path("date").asText());
                jobs.scan(stream, "199001011111");
                SseClient.Event done = stream.await("booking_completed", ItJobs.LONG);
                assertEquals(freed.getString("date"), done.data().path("booking_result").path("exam_date").asText(),
                        "booked on the new worker after the person's scan");
                assertTrue(w2.isAlive());
            }
        }
    }

    /** Whether the fleet has searched the job's place once (so its want is known and its session used). */
    private static boolean searchedOnce(AppProcess api, String id) {
        return given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).get("/api/v1/booking/status/" + id).then()
                .extract().jsonPath().getString("searched_places[0].last_searched_at") != null;
    }
}
