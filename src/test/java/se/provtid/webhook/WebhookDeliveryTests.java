package se.provtid.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.provtid.queue.JobStore;
import se.provtid.queue.RedisKeys;
import se.provtid.support.Management;

/**
 * Webhooks end to end: the running app delivers jobs' events to real receivers on loopback, through Redis, with
 * signatures a receiver checks on its own.
 */
@QuarkusTest
@TestProfile(WebhookTestProfile.class)
class WebhookDeliveryTests {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private static final List<String> SECRETS = List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "test-old-secret");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);

    @Inject
    JobStore store;
    @Inject
    RedisDataSource redis;
    @Inject
    WebhookKeys keys;
    @Inject
    RedisKeys redisKeys;

    private WebhookJobs jobs() {
        return new WebhookJobs(store);
    }

    @Test
    void aRealJobsEventsArriveSignedInOrderAtItsUrlAndAtSupabase() throws Exception {
        try (Receiver r = Receiver.start()) {
            String job = WebhookJobs.start(r.url("/hooks/provtid?token=abc"));
            WebhookJobs.cancel(job);

            List<Receiver.Hit> hits = r.await(job, h -> h.size() >= 3, WAIT);
            assertEquals(List.of("status_update", "status_update", "job_cancelled"),
                    hits.stream().map(Receiver.Hit::type).toList(), Receiver.describe(hits));
            assertEquals("queued", hits.get(0).json().path("data").path("status").asText());
            assertEquals("cancelled", hits.get(1).json().path("data").path("status").asText());
            assertEquals(3, new HashSet<>(hits.stream().map(Receiver.Hit::id).toList()).size(), "one id per event");
            for (Receiver.Hit h : hits) {
                assertEquals("/hooks/provtid?token=abc", h.path());
                assertEquals("application/json", h.header("content-type"));
                assertTrue(h.id().startsWith("msg_" + job + "_"), h.id());
                assertEquals(job, h.jobId());
                // Each secret of the rotation verifies on its own, as two receivers of different age would.
                WebhookVerifier.verify(List.of(SECRETS.get(0)), h);
                WebhookVerifier.verify(List.of(SECRETS.get(1)), h);
                assertNull(h.header("apikey"), "only Supabase gets the Supabase key");
                assertTrue(h.json().has("timestamp") && h.json().has("user_id") && h.json().has("data"));
            }

            List<Receiver.Hit> sb = SupabaseReceiver.receiver.await(job, h -> h.size() >= 3, WAIT);
            assertEquals(hits.stream().map(Receiver.Hit::id).toList(), sb.stream().map(Receiver.Hit::id).toList());
            for (Receiver.Hit h : sb) {
                assertEquals(SupabaseReceiver.KEY, h.header("apikey"));
                assertEquals("Bearer " + SupabaseReceiver.KEY, h.header("authorization"));
                WebhookVerifier.verify(SECRETS, h);
            }
            // Once the final event reached every endpoint the job is no longer followed.
            await("job unfollowed").atMost(WAIT).pollInterval(POLL)
                    .until(() -> redis.execute("ZSCORE", keys.follow(), job) == null);
            // A stray wake-up for a finished job (a late notice) must not start it over.
            redis.execute("PUBLISH", redisKeys.notifyChannel(), job);
            Thread.sleep(500);
            assertEquals(3, r.hitsOf(job).size(), "nothing was sent twice: " + Receiver.describe(r.hitsOf(job)));
        }
    }

    @Test
    void aReceiverThatWasDownGetsEveryEventInOrderOncePerId() throws Exception {
        try (Receiver r = Receiver.start()) {
            r.down();
            String job = WebhookJobs.start(r.url("/down-then-up"));
            for (int i = 1; i <= 4; i++) {
                jobs().append(job, WebhookJobs.note(job, "step " + i));
                Thread.sleep(150);
            }
            Thread.sleep(400);
            assertTrue(r.hitsOf(job).isEmpty());
            r.up();
            List<Receiver.Hit> hits = r.await(job, h -> h.size() >= 5, WAIT);
            assertEquals(List.of("Queued", "step 1", "step 2", "step 3", "step 4"),
                    hits.stream().map(h -> h.json().path("data").path("message").asText()).toList());
            assertEquals(5, new HashSet<>(hits.stream().map(Receiver.Hit::id).toList()).size());
            assertTrue(hits.stream().allMatch(Receiver.Hit::ok));
            Thread.sleep(500);
            assertEquals(5, r.hitsOf(job).size(), "each id arrives once");
            finish(r, job);
        }
    }

    @Test
    void fiveHundredThreeTimesThenOkIsFourAttemptsWithOneId() throws Exception {
        try (Receiver r = Receiver.start()) {
            AtomicInteger calls = new AtomicInteger();
            r.answer(h -> Receiver.Answer.of(h.type().equals("status_update")
                    && h.json().path("data").path("message").asText().equals("Queued")
                    && calls.incrementAndGet() <= 3 ? 500 : 200));
            String job = WebhookJobs.start(r.url("/flaky"));
            jobs().append(job, WebhookJobs.note(job, "after"));

            List<Receiver.Hit> hits = r.await(job, h -> h.size() >= 5, WAIT);
            List<Receiver.Hit> first = hits.subList(0, 4);
            assertEquals(List.of(500, 500, 500, 200), first.stream().map(Receiver.Hit::answered).toList());
            assertEquals(1, first.stream().map(Receiver.Hit::id).distinct().count(), "the same webhook-id each time");
            first.forEach(h -> WebhookVerifier.verify(SECRETS, h));
            assertEquals("after", hits.get(4).json().path("data").path("message").asText(),
                    "the later event waits for the earlier one");
            Thread.sleep(500);
            assertEquals(5, r.hitsOf(job).size());
            finish(r, job);
        }
    }

    @Test
    void anEventOutOfAttemptsIsDeadLetteredListedAndReplayed() throws Exception {
        try (Receiver r = Receiver.start()) {
            r.answer(h -> Receiver.Answer.of(h.json().path("data").path("message").asText().equals("doomed") ? 503
                    : 200));
            String job = WebhookJobs.start(r.url("/dead?secret=hidden"));
            jobs().append(job, WebhookJobs.note(job, "doomed"));
            jobs().append(job, WebhookJobs.note(job, "next"));

            // Six attempts (the test schedule), then the cursor moves on to "next".
            List<Receiver.Hit> hits = r.await(job, h -> h.stream().anyMatch(x -> x.ok()
                    && x.json().path("data").path("message").asText().equals("next")), WAIT);
            String doomedId = hits.stream().filter(h -> h.answered() == 503).findFirst().orElseThrow().id();
            assertEquals(6, hits.stream().filter(h -> h.id().equals(doomedId)).count());

            JsonPath dead = given().auth().oauth2(WebhookJobs.TOKEN).queryParam("job_id", job)
                    .get("/api/v1/webhooks/dead").then().statusCode(200).extract().jsonPath();
            assertEquals(1, dead.getInt("count"));
            Map<String, Object> letter = dead.getMap("dead_letters[0]");
            assertEquals(doomedId, letter.get("webhook_id"));
            assertEquals("status_update", letter.get("event_type"));
            assertEquals(6, letter.get("attempts"));
            assertEquals(503, letter.get("last_status"));
            assertEquals(r.url("/dead"), letter.get("endpoint"), "listed without the query string");
            assertTrue(!dead.prettify().contains("hidden"), "never shows the URL's query");

            given().get("/api/v1/webhooks/dead").then().statusCode(401);
            given().auth().oauth2(WebhookJobs.TOKEN).post("/api/v1/webhooks/dead/dl_0000/replay").then()
                    .statusCode(404).contentType("application/problem+json");

            // Still failing: the replay says so and the letter stays.
            String id = (String) letter.get("id");
            given().auth().oauth2(WebhookJobs.TOKEN).post("/api/v1/webhooks/dead/" + id + "/replay").then()
                    .statusCode(502).contentType("application/problem+json").body("last_status", equalTo(503));
            r.answer(h -> Receiver.Answer.of(200));
            given().auth().oauth2(WebhookJobs.TOKEN).post("/api/v1/webhooks/dead/" + id + "/replay").then()
                    .statusCode(200).body("delivered", equalTo(true)).body("status", equalTo(200));
            Receiver.Hit replayed = r.hitsOf(job).getLast();
            assertEquals(doomedId, replayed.id(), "a replay keeps the webhook-id");
            assertTrue(replayed.ok());
            WebhookVerifier.verify(SECRETS, replayed);
            given().auth().oauth2(WebhookJobs.TOKEN).queryParam("job_id", job).get("/api/v1/webhooks/dead").then()
                    .statusCode(200).body("count", equalTo(0));
            finish(r, job);
        }
    }

    @Test
    void qrFramesReachOnlyTheTargetsThatAskForThem() throws Exception {
        try (Receiver r = Receiver.start()) {
            java.util.Map<String, Object> body = WebhookJobs.body(r.url("/no-qr"));
            body.remove("webhook_events"); // the default: every kind but QR frames
            String job = given().auth().oauth2(WebhookJobs.TOKEN).contentType(io.restassured.http.ContentType.JSON)
                    .body(body).post("/api/v1/booking/start").then().statusCode(202).extract().path("job_id");
            Instant later = Instant.now().plusSeconds(30);
            jobs().append(job, WebhookJobs.note(job, "auth"), WebhookJobs.qr(job, 1, later),
                    WebhookJobs.note(job, "scanned"));
            WebhookJobs.cancel(job);
            List<Receiver.Hit> own = r.await(job, h -> h.stream().anyMatch(x -> x.type().equals("job_cancelled")), WAIT);
            assertTrue(own.stream().noneMatch(h -> h.type().equals("qr_code_update")), Receiver.describe(own));
            assertEquals(5, own.size(), "every other event arrives: " + Receiver.describe(own));
            List<Receiver.Hit> sb = SupabaseReceiver.receiver.await(job,
                    h -> h.stream().anyMatch(x -> x.type().equals("job_cancelled")), WAIT);
            assertTrue(sb.stream().noneMatch(h -> h.type().equals("qr_code_update")),
                    "Supabase gets QR frames only with SUPABASE_WEBHOOK_QR: " + Receiver.describe(sb));
        }
    }

    @Test
    void qrFramesGoOnlyWhileCurrentLatestWinsAndNeverHoldBackOthers() throws Exception {
        try (Receiver r = Receiver.start()) {
            String job = WebhookJobs.start(r.url("/qr"));
            r.await(job, h -> h.size() >= 1, WAIT);
            Instant later = Instant.now().plusSeconds(30);
            long droppedBefore = stat("dropped_qr");
            // One step, as a worker writes: an expired frame, two current ones (the older is superseded), a status.
            jobs().append(job, WebhookJobs.note(job, "auth"), WebhookJobs.qr(job, 1, Instant.now().minusSeconds(1)),
                    WebhookJobs.qr(job, 2, later), WebhookJobs.qr(job, 3, later), WebhookJobs.note(job, "scan me"));
            List<Receiver.Hit> hits = r.await(job, h -> h.size() >= 4, WAIT);
            assertEquals(List.of("status_update", "status_update", "qr_code_update", "status_update"),
                    hits.stream().map(Receiver.Hit::type).toList());
            assertEquals(3, hits.get(2).json().path("data").path("sequence").asInt(), "latest frame wins");
            // An opted-in target gets the same-device login with the frame (as private as it), and with nothing else.
            assertEquals(WebhookJobs.AUTOSTART, hits.get(2).json().path("data").path("autostart_token").asText());
            assertEquals("bankid:///?autostarttoken=" + WebhookJobs.AUTOSTART + "&redirect=null",
                    hits.get(2).json().path("data").path("autostart_url").asText());
            assertTrue(hits.stream().filter(h -> !h.type().equals("qr_code_update"))
                    .noneMatch(h -> h.json().toString().contains(WebhookJobs.AUTOSTART)), "only QR frames carry it");
            assertTrue(stat("dropped_qr") >= droppedBefore + 2);

            // A frame the receiver fails is dropped at once, not retried, and the next event follows without delay.
            r.answer(h -> Receiver.Answer.of(h.type().equals("qr_code_update") ? 500 : 200));
            jobs().append(job, WebhookJobs.qr(job, 4, later));
            r.await(job, h -> h.size() >= 5, WAIT);
            jobs().append(job, WebhookJobs.note(job, "after qr"));
            hits = r.await(job, h -> h.size() >= 6, WAIT);
            assertEquals("after qr", hits.get(5).json().path("data").path("message").asText());
            Thread.sleep(700);
            assertEquals(1, r.hitsOf(job).stream().filter(h -> h.type().equals("qr_code_update")
                    && h.json().path("data").path("sequence").asInt() == 4).count(), "a QR frame is never retried");
            finish(r, job);
        }
    }

    @Test
    void goneStopsDeliveriesToThatEndpointForThatJob() throws Exception {
        try (Receiver r = Receiver.start()) {
            r.answer(h -> Receiver.Answer.of(410));
            String job = WebhookJobs.start(r.url("/gone"));
            r.await(job, h -> h.size() >= 1, WAIT);
            jobs().append(job, WebhookJobs.note(job, "one"));
            jobs().append(job, WebhookJobs.note(job, "two"));
            WebhookJobs.cancel(job);
            // Supabase still gets everything, so by then the gone endpoint had its chance too.
            SupabaseReceiver.receiver.await(job, h -> h.stream().anyMatch(x -> x.type().equals("job_cancelled")),
                    WAIT);
            Thread.sleep(500);
            assertEquals(1, r.hitsOf(job).size(), Receiver.describe(r.hitsOf(job)));
            await("job unfollowed").atMost(WAIT).pollInterval(POLL)
                    .until(() -> redis.execute("ZSCORE", keys.follow(), job) == null);
        }
    }

    @Test
    void retryAfterPostponesTheNextAttempt() throws Exception {
        try (Receiver r = Receiver.start()) {
            AtomicInteger calls = new AtomicInteger();
            r.answer(h -> calls.incrementAndGet() == 1 ? new Receiver.Answer(503, Map.of("Retry-After", "2"))
                    : Receiver.Answer.of(200));
            String job = WebhookJobs.start(r.url("/busy"));
            List<Receiver.Hit> hits = r.await(job, h -> h.size() >= 2, WAIT);
            long gap = hits.get(1).atMs() - hits.get(0).atMs();
            assertTrue(gap >= 1_900, "waited " + gap + " ms, the schedule alone says 300");
            assertEquals(hits.get(0).id(), hits.get(1).id());
            finish(r, job);
        }
    }

    @Test
    void aRedirectIsAFailureAndIsNeverFollowed() throws Exception {
        try (Receiver r = Receiver.start(); Receiver inside = Receiver.start()) {
            r.answer(h -> new Receiver.Answer(307, Map.of("Location", inside.url("/private"))));
            String job = WebhookJobs.start(r.url("/moved"));
            r.await(job, h -> h.size() >= 2, WAIT);
            assertTrue(inside.hits().isEmpty(), "the redirect target was never called");
            given().auth().oauth2(WebhookJobs.TOKEN).get("/webhooks/health").then().body("endpoints.find { it.endpoint == '" + r.url("/moved")
                    + "' }.last_error", containsString("redirect"));
            r.answer(h -> Receiver.Answer.of(200));
            finish(r, job);
        }
    }

    @Test
    void connectsToTheAddressItResolvedWithTheNameAsHost() throws Exception {
        try (Receiver r = Receiver.start()) {
            String job = WebhookJobs.start("http://loopback.webhook.test:" + r.port() + "/named");
            Receiver.Hit hit = r.await(job, h -> h.size() >= 1, WAIT).getFirst();
            assertEquals("loopback.webhook.test:" + r.port(), hit.header("host"));
            finish(r, job);
        }
    }

    @Test
    void anotherDispatcherTakesOverWhenTheHolderOfALeaseDies() throws Exception {
        try (Receiver r = Receiver.start()) {
            AtomicInteger calls = new AtomicInteger();
            r.answer(h -> Receiver.Answer.of(calls.incrementAndGet() == 1 ? 500 : 200));
            String job = WebhookJobs.start(r.url("/handover"));
            r.await(job, h -> h.size() >= 1, WAIT);
            // A process that "died" holding the delivery's lease: nothing may be delivered until the lease runs out.
            String lease = keys.lease(job, Endpoint.idOf(r.url("/handover")));
            long until = System.currentTimeMillis() + 5_000;
            while (redis.execute("SET", lease, "dead-process", "NX", "PX", "2500") == null) {
                assertTrue(System.currentTimeMillis() < until, "could not take the lease");
                Thread.sleep(5);
            }
            long taken = System.currentTimeMillis();
            jobs().append(job, WebhookJobs.note(job, "while dead 1"));
            jobs().append(job, WebhookJobs.note(job, "while dead 2"));
            List<Receiver.Hit> hits = r.await(job, h -> h.size() >= 4, WAIT);
            assertTrue(hits.get(1).atMs() >= taken + 2_000, "delivered before the dead lease expired");
            assertEquals(hits.get(0).id(), hits.get(1).id(), "the retried event keeps its id");
            assertEquals(List.of("Queued", "Queued", "while dead 1", "while dead 2"),
                    hits.stream().map(h -> h.json().path("data").path("message").asText()).toList());
            finish(r, job);
        }
    }

    @Test
    void healthAndMetricsShowTheDeliveries() throws Exception {
        try (Receiver r = Receiver.start()) {
            String job = WebhookJobs.start(r.url("/health-check?key=s3cret"));
            r.await(job, h -> h.size() >= 1, WAIT);
            WebhookJobs.cancel(job);
            r.await(job, h -> h.size() >= 3, WAIT);
            String body = given().auth().oauth2(WebhookJobs.TOKEN).get("/webhooks/health").then().statusCode(200).body("status", equalTo("healthy"))
                    .extract().asString();
            JsonPath health = JsonPath.from(body);
            for (String field : List.of("pending", "in_flight", "delivered", "failed", "dead", "dropped_qr",
                    "oldest_pending_age_seconds", "endpoints")) {
                assertTrue(body.contains("\"" + field + "\""), field + " in " + body);
            }
            assertTrue(health.getLong("delivered") >= 3);
            assertTrue(!body.contains("s3cret"), "endpoint shown without its query string");
            assertEquals(200, health.getInt("endpoints.find { it.endpoint == '" + r.url("/health-check")
                    + "' }.last_status"));
            String metrics = Management.metrics(management);
            assertTrue(metrics.contains("provtid_webhook_deliveries_total{outcome=\"success\"}"), "deliveries counter");
            assertTrue(metrics.contains("provtid_webhook_attempt_seconds_count"), "attempt timer");
        }
    }

    /** Cancels the job and waits until the receiver took its final event, so nothing is left to deliver. */
    private static void finish(Receiver r, String job) throws InterruptedException {
        r.answer(h -> Receiver.Answer.of(200));
        WebhookJobs.cancel(job);
        r.await(job, h -> h.stream().anyMatch(x -> x.ok() && x.type().equals("job_cancelled")), WAIT);
    }

    private long stat(String name) {
        String v = redis.hash(String.class).hget(keys.stats(), name);
        return v == null ? 0 : Long.parseLong(v);
    }
}
