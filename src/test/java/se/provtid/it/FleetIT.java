package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.RedisServer;
import se.provtid.support.SseClient;

/**
 * The promise of docs/reliability.md with real processes and a real Redis: workers killed (-9) mid-search
 * and mid-payment, a worker stopped with SIGTERM, Redis restarted under load. No job lost, none booked twice.
 */
class FleetIT {

    private static final Duration LONG = Duration.ofMinutes(3);
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));
    private static final List<String> PLACES = List.of("Uppsala", "Stockholm", "Göteborg", "Malmö", "Linköping",
            "Gävle");

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();
    private RedisServer redis;
    private AppProcess api;
    private String prefix;

    private void startApi() throws Exception {
        redis = running.track(RedisServer.start());
        prefix = "it-" + System.nanoTime();
        api = running.track(AppProcess.start("api", "api", redis, prefix, Map.of()));
    }

    private AppProcess worker(String name) throws Exception {
        return running.track(
                AppProcess.start(name, "worker", redis, prefix, AppProcess.env("SITE_BASE_URL", api.url())));
    }

    @Test
    void killedWorkersLoseNoJobAndNothingIsBookedTwice() throws Exception {
        startApi();
        AppProcess w1 = worker("w1");
        AppProcess w2 = worker("w2");
        scenario(Map.of("no_slots", true));
        Map<String, SseClient> jobs = startAndLogIn(6);
        awaitAll(jobs.keySet(), "searching");

        // Crash a worker while its jobs search: another worker resumes them from Redis and the saved site session.
        List<String> onW1 = jobs.keySet().stream().filter(id -> owner(id).startsWith(w1.pid() + "-")).toList();
        assertTrue(!onW1.isEmpty(), "w1 runs some of the jobs");
        w1.kill9();
        AppProcess w3 = worker("w3");

        // Now let them book, slowly enough to crash a worker between the site's payment and our report.
        scenario(Map.of("no_slots", false, "payment_delay_ms", 6_000));
        String paying = awaitPaidButUnreported(jobs.keySet());
        long victim = Long.parseLong(owner(paying).split("-")[0]);
        (victim == w2.pid() ? w2 : w3).kill9();
        worker("w4");
        scenario(Map.of("payment_delay_ms", 0));

        awaitAll(jobs.keySet(), "completed");
        List<Map<String, Object>> bookings = siteBookings();
        assertEquals(6, bookings.size(), bookings.toString());
        assertEquals(6, new HashSet<>(bookings.stream().map(b -> b.get("examination_id")).toList()).size(),
                "no slot booked twice");
        Set<String> reported = new HashSet<>();
        for (String id : jobs.keySet()) {
            reported.add(status(id).jsonPath().getString("booking_result.booking_id"));
        }
        assertEquals(new HashSet<>(bookings.stream().map(b -> b.get("booking_id").toString()).toList()), reported,
                "each job reports its own booking, once");
        for (SseClient sse : jobs.values()) {
            sse.close();
        }
    }

    @Test
    void sigtermHandsJobsBackAtOnceAndExitsCleanly() throws Exception {
        startApi();
        AppProcess w1 = worker("w1");
        AppProcess w2 = worker("w2");
        scenario(Map.of("no_slots", true));
        Map<String, SseClient> jobs = startAndLogIn(4);
        awaitAll(jobs.keySet(), "searching");
        List<String> onW1 = jobs.keySet().stream().filter(id -> owner(id).startsWith(w1.pid() + "-")).toList();
        assertTrue(!onW1.isEmpty(), "w1 runs some of the jobs");

        assertEquals(0, w1.terminate(Duration.ofSeconds(30)), "exit status after SIGTERM");
        for (String id : onW1) {
            // Handed back by the stopping worker itself, not found later by the lease sweeper.
            assertTrue(events(id).contains("Worker stopping; job queued again"), id);
        }
        scenario(Map.of("no_slots", false));
        awaitAll(jobs.keySet(), "completed");
        for (String id : onW1) {
            assertTrue(owner(id).isEmpty() || owner(id).startsWith(w2.pid() + "-"), "finished on w2");
        }
        assertEquals(4, siteBookings().size());
        jobs.values().forEach(SseClient::close);
    }

    @Test
    void redisRestartedUnderLoadLosesNoAcceptedJob() throws Exception {
        startApi();
        worker("w1");
        scenario(Map.of("no_slots", true));
        Map<String, SseClient> jobs = startAndLogIn(3);
        awaitAll(jobs.keySet(), "searching");
        List<String> accepted = new ArrayList<>(jobs.keySet());

        redis.shutdown();
        Response down = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN)
                .get("/api/v1/booking/status/" + accepted.getFirst());
        assertEquals(503, down.statusCode(), down.asString());
        assertTrue(down.contentType().startsWith("application/problem+json"), down.contentType());
        assertTrue(down.header("Retry-After") != null);
        Response refused = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).contentType(ContentType.JSON)
                .body(startBody("during-outage")).post("/api/v1/booking/start");
        assertEquals(503, refused.statusCode(), refused.asString());

        redis.launch();
        await(() -> given().baseUri(api.url()).get("/health").statusCode() == 200, Duration.ofSeconds(60));
        scenario(Map.of("no_slots", false));
        awaitAll(accepted, "completed");
        assertEquals(3, siteBookings().size());
        jobs.values().forEach(SseClient::close);
    }

    // ---- helpers ----

    /** Starts n jobs and scans each one's first QR frame, as n people would. */
    private Map<String, SseClient> startAndLogIn(int n) throws Exception {
        Map<String, SseClient> jobs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Response r = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).contentType(ContentType.JSON)
                    .body(startBody("person-" + i)).post("/api/v1/booking/start");
            assertEquals(202, r.statusCode(), r.asString());
            jobs.put(r.jsonPath().getString("job_id"), SseClient.open(api.url() + r.jsonPath().getString("stream_url")));
        }
        int person = 0;
        for (SseClient sse : jobs.values()) {
            // Frames queue up while earlier people scan: pass over the ones no longer current, as a phone would.
            SseClient.Event frame = sse.await("qr_code_update", LONG);
            while (java.time.Instant.parse(frame.data().path("valid_until").asText()).isBefore(java.time.Instant.now())) {
                frame = sse.await("qr_code_update", LONG);
            }
            String qr = frame.data().path("qr_payload").asText();
            String personalNumber = String.format("1990010%05d", ++person);
            given().baseUri(api.url()).contentType(ContentType.JSON)
                    .body(Map.of("qr", qr, "personal_number", personalNumber))
                    .post("/sim/bankid/scan").then().statusCode(200);
        }
        return jobs;
    }

    private static Map<String, Object> startBody(String user) {
        String place = PLACES.get(Math.floorMod(user.hashCode(), PLACES.size()));
        return Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov", "locations", List.of(place),
                "date_ranges", List.of(Map.of("start", TODAY.plusDays(10).toString(),
                        "end", TODAY.plusDays(60).toString())), "auto_book", true);
    }

    /** A job whose payment the site has taken while the job still says "booking". */
    private String awaitPaidButUnreported(Set<String> ids) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            long completed = ids.stream().filter(id -> "completed".equals(statusOf(id))).count();
            if (siteBookings().size() > completed) {
                for (String id : ids) {
                    if ("booking".equals(statusOf(id))) {
                        return id;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no payment caught in flight");
    }

    private void awaitAll(java.util.Collection<String> ids, String status) throws Exception {
        await(() -> ids.stream().allMatch(id -> status.equals(statusOf(id))), LONG);
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // The API may be restarting its Redis connection.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("condition not met within " + timeout);
    }

    private Response status(String id) {
        return given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).get("/api/v1/booking/status/" + id);
    }

    private String statusOf(String id) {
        Response r = status(id);
        return r.statusCode() == 200 ? r.jsonPath().getString("status") : "http-" + r.statusCode();
    }

    /** The worker that owns a job ("pid-host-random"), read straight from Redis. */
    private String owner(String id) {
        try {
            return redis.cli("HGET", prefix + ":job:" + id, "owner");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every event of a job, as raw stream text. */
    private String events(String id) throws Exception {
        return redis.cli("XRANGE", prefix + ":events:" + id, "-", "+");
    }

    private void scenario(Map<String, Object> knobs) {
        given().baseUri(api.url()).contentType(ContentType.JSON).body(knobs).put("/sim/admin/scenario").then()
                .statusCode(200);
    }

    private List<Map<String, Object>> siteBookings() {
        return given().baseUri(api.url()).get("/sim/admin/bookings").then().statusCode(200).extract().jsonPath()
                .getList("$");
    }
}
