package se.provtid.stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.provtid.queue.RedisKeys;
import se.provtid.support.Management;
import se.provtid.support.PromText;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** Fleet-wide figures kept in Redis reach Prometheus' gauges and the stats endpoint (an API-only process). */
@QuarkusTest
@TestProfile(PrivateRedisApiProfile.class)
class FleetGaugesTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);

    @TestHTTPResource
    URL root;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void queueLeasesPauseAndWorkersShowInTheGaugesAndInStats() throws InterruptedException {
        JsonPath started = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5),
                TestJobs.TODAY.plusDays(60), true);
        String jobId = started.getString("job_id");
        String worker = "w-gauges-" + System.nanoTime();
        try (SseClient sse = TestJobs.stream(root, started)) {
            sse.await("status_update", WAIT);
            assertTrue(PromText.value(Management.metrics(management), "provtid_sse_streams") >= 1, "open streams");
            redis.sortedSet(String.class).zadd(keys.leases(), System.currentTimeMillis() + 60_000, "job_gauges_lease");
            redis.value(String.class).set(keys.sitePause(), Long.toString(System.currentTimeMillis() + 60_000));
            redis.hash(String.class).hset(keys.workers(), worker, Long.toString(System.currentTimeMillis()));
            redis.hash(String.class).hset(keys.workerVitals(), worker, "2:5:1:3:123456789");

            long high = redis.sortedSet(String.class).zcount(keys.queue(),
                    new io.quarkus.redis.datasource.sortedset.ScoreRange<>(Double.NEGATIVE_INFINITY, 1e13 - 1));
            long leases = redis.sortedSet(String.class).zcard(keys.leases());
            assertTrue(high >= 1 && leases >= 1);
            await("the fleet gauges follow Redis within a refresh").atMost(WAIT).pollInterval(POLL).until(() -> {
                String m = Management.metrics(management);
                return PromText.value(m, "provtid_queue_depth", Map.of("priority", "high")) == high
                        && PromText.value(m, "provtid_jobs_running") == leases
                        && PromText.value(m, "provtid_site_paused") == 1
                        && PromText.value(m, "provtid_workers_alive") >= 1;
            });
            String m = Management.metrics(management);
            assertEquals(0, PromText.value(m, "provtid_queue_depth", Map.of("priority", "low")));
            for (String name : List.of("provtid_webhook_backlog", "provtid_webhook_dead_letters", "provtid_sse_streams",
                    "provtid_jobs_started_total", "provtid_rate_limited_total", "provtid_browser_hosts",
                    "provtid_browser_contexts", "provtid_browser_memory_bytes")) {
                assertTrue(PromText.value(m, name) >= 0, name + " is exported");
            }
            assertTrue(PromText.value(m, "provtid_jobs_started_total") >= 1, "this job's start is counted");

            JsonPath stats = given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/stats").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(true, stats.getBoolean("site.paused"));
            assertTrue(stats.getString("site.paused_until").endsWith("Z"));
            Map<String, Object> w = stats.getMap("workers.find { it.worker_id == '" + worker + "' }");
            assertEquals(Map.of("worker_id", worker, "last_beat", w.get("last_beat"), "jobs", 2, "capacity", 5,
                    "browser_hosts", 1, "browser_contexts", 3, "browser_memory_bytes", 123456789), w);
        } finally {
            redis.sortedSet(String.class).zrem(keys.leases(), "job_gauges_lease");
            redis.key().del(keys.sitePause());
            redis.hash(String.class).hdel(keys.workers(), worker);
            redis.hash(String.class).hdel(keys.workerVitals(), worker);
            given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/booking/cancel/" + jobId).then().statusCode(200);
        }
        await("the pause gauge drops when the pause ends").atMost(WAIT).pollInterval(POLL)
                .until(() -> PromText.value(Management.metrics(management), "provtid_site_paused") == 0);
    }
}
