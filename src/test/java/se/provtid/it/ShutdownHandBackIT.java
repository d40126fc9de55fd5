package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.RedisServer;
import se.provtid.support.SseClient;

/**
 * A loaded worker stopped with SIGTERM while Redis answers slowly (as on the saturated machine of the N=200 run in
 * docs/benchmarks.md): every job it runs, searching or waiting for a scan, is handed back to the queue by the worker
 * itself before its Redis client closes, and no attempt ends as internal_error.
 */
class ShutdownHandBackIT {

    private static final Duration LONG = Duration.ofMinutes(3);
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();
    private RedisServer redis;
    private AppProcess api;
    private String prefix;

    @Test
    void sigtermHandsEveryRunningJobBackEvenWhileRedisIsSlow() throws Exception {
        redis = running.track(RedisServer.start());
        prefix = "it-" + System.nanoTime();
        api = running.track(AppProcess.start("api", "api", redis, prefix, Map.of()));
        String name = "stopping-worker-" + System.nanoTime();
        AppProcess worker = running.track(AppProcess.start(name, "worker", redis, prefix,
                AppProcess.env("SITE_BASE_URL", api.url(), "WORKER_CONCURRENCY", "6")));
        scenario(Map.of("no_slots", true));
        Map<String, SseClient> searching = startAndLogIn(4);
        Map<String, SseClient> waiting = start(2, "waiting-");
        for (SseClient sse : waiting.values()) {
            sse.await("qr_code_update", LONG); // waiting for a scan, sending a code each second
        }
        awaitAll(searching.keySet(), "searching");
        List<String> all = new ArrayList<>(searching.keySet());
        all.addAll(waiting.keySet());
        for (String id : all) {
            assertTrue(owner(id).startsWith(worker.pid() + "-"), id + " runs on the worker");
        }

        // Every Redis call waits 3 s, the worker's hand-back as much as its jobs' own calls: while the hand-back
        // waits, the jobs keep running into the checks that stop them.
        assertEquals("OK", redis.cli("CLIENT", "PAUSE", "3000", "ALL"));
        assertEquals(0, worker.terminate(Duration.ofSeconds(60)), "exit status after SIGTERM");

        for (String id : all) {
            String events = events(id);
            assertEquals("queued", field(id, "status"), id + " is queued again");
            assertTrue(field(id, "owner").isEmpty(), id + " is owned by nobody");
            assertTrue(redis.cli("ZSCORE", prefix + ":leases", id).isEmpty(), id + " holds no lease");
            // Handed back by the stopping worker itself, not found later by the lease sweeper.
            assertTrue(events.contains("Worker stopping; job queued again"), id + ": " + events);
            assertFalse(events.contains("internal_error"), id + ": " + events);
        }
        String log = Files.readString(Path.of("target", "it-logs", name + ".log"));
        assertFalse(log.contains("(internal_error)"), "an attempt ended internal_error: see target/it-logs/" + name);
        assertTrue(log.contains("worker " + worker.pid() + "-"), "the log is the worker's");
        searching.values().forEach(SseClient::close);
        waiting.values().forEach(SseClient::close);
    }

    // ---- helpers ----

    private Map<String, SseClient> start(int n, String userPrefix) throws Exception {
        Map<String, SseClient> jobs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Response r = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).contentType(ContentType.JSON)
                    .body(startBody(userPrefix + i)).post("/api/v1/booking/start");
            assertEquals(202, r.statusCode(), r.asString());
            jobs.put(r.jsonPath().getString("job_id"), SseClient.open(api.url() + r.jsonPath().getString("stream_url")));
        }
        return jobs;
    }

    /** Starts n jobs and scans each one's current QR frame, as n people would. */
    private Map<String, SseClient> startAndLogIn(int n) throws Exception {
        Map<String, SseClient> jobs = start(n, "person-");
        int person = 0;
        for (SseClient sse : jobs.values()) {
            SseClient.Event frame = sse.await("qr_code_update", LONG);
            while (Instant.parse(frame.data().path("valid_until").asText()).isBefore(Instant.now())) {
                frame = sse.await("qr_code_update", LONG);
            }
            given().baseUri(api.url()).contentType(ContentType.JSON)
                    .body(Map.of("qr", frame.data().path("qr_payload").asText(),
                            "personal_number", String.format("1985020%05d", ++person)))
                    .post("/sim/bankid/scan").then().statusCode(200);
        }
        return jobs;
    }

    private static Map<String, Object> startBody(String user) {
        return Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov", "locations", List.of("Uppsala"),
                "date_ranges", List.of(Map.of("start", TODAY.plusDays(10).toString(),
                        "end", TODAY.plusDays(60).toString())), "auto_book", true);
    }

    private void awaitAll(Collection<String> ids, String status) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        BooleanSupplier done = () -> ids.stream().allMatch(id -> status.equals(field(id, "status")));
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not all " + status + " within " + LONG);
            }
            Thread.sleep(250);
        }
    }

    /** A field of the job's hash, read straight from Redis ("" when absent). */
    private String field(String id, String name) {
        try {
            return redis.cli("HGET", prefix + ":job:" + id, name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String owner(String id) {
        return field(id, "owner");
    }

    /** Every event of a job, as raw stream text. */
    private String events(String id) throws Exception {
        return redis.cli("XRANGE", prefix + ":events:" + id, "-", "+");
    }

    private void scenario(Map<String, Object> knobs) {
        given().baseUri(api.url()).contentType(ContentType.JSON).body(knobs).put("/sim/admin/scenario").then()
                .statusCode(200);
    }
}
