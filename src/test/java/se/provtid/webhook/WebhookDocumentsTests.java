package se.provtid.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The exact documents of the dead-letter list, the replay (200, 502, 404, 409, 400) and /webhooks/health: every
 * field, in order, with its type, so that a change of implementation cannot change what callers read.
 */
@QuarkusTest
@TestProfile(WebhookTestProfile.class)
class WebhookDocumentsTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEMS = "https://provtid.se/problems/";
    private static final long FIRST_ATTEMPT = 1_764_101_232_031L;
    private static final long DEAD_AT = 1_764_191_315_118L;

    @Inject
    RedisDataSource redis;
    @Inject
    WebhookKeys keys;

    @Test
    void deadLetterListAndReplayAnswerTheirDocuments() throws Exception {
        try (Receiver r = Receiver.start()) {
            String job = "job_" + hex(12);
            String id = "dl_" + hex(8);
            String webhookId = "msg_" + job + "_1764101232025-0";
            String body = "{\"event_type\":\"status_update\",\"job_id\":\"" + job + "\"}";
            DeadLetter letter = new DeadLetter(id, job, "1764101232025-0", "status_update", webhookId,
                    Endpoint.of(r.url("/doc?secret=hidden"), false), 8, 503, "HTTP 503", FIRST_ATTEMPT, DEAD_AT, body);
            redis.execute("SET", keys.dead(id), JSON.writeValueAsString(letter), "EX", "600");
            redis.execute("ZADD", keys.deadIndex(), Long.toString(DEAD_AT), id);
            String expired = "dl_" + hex(8); // indexed, but its key has expired
            redis.execute("ZADD", keys.deadIndex(), Long.toString(DEAD_AT + 1), expired);

            assertEquals(list(letterView(id, job, webhookId, r.url("/doc"), 8)).toString(), listed(job).toString());
            assertNull(redis.execute("ZSCORE", keys.deadIndex(), expired), "an expired letter leaves the index");

            // The receiver still fails: 502 with the attempt's status and error; the letter stays, one attempt more.
            r.answer(h -> Receiver.Answer.of(503));
            Response failed = replay(id);
            assertProblem(failed, 502, obj("type", PROBLEMS + "webhook-replay-failed", "title", "Replay failed",
                    "status", 502, "detail",
                    "The endpoint did not accept the event: HTTP 503. The dead letter is kept.",
                    "id", id, "last_status", 503, "last_error", "HTTP 503"));
            assertEquals(list(letterView(id, job, webhookId, r.url("/doc"), 9)).toString(), listed(job).toString());
            JsonNode endpoint = endpointOnHealthPage(r.url("/doc"));
            assertEquals(List.of("endpoint", "supabase", "last_status", "last_outcome", "last_error",
                    "last_attempt_at"), names(endpoint));
            assertEquals(obj("endpoint", r.url("/doc"), "supabase", false, "last_status", 503, "last_outcome",
                    "failed", "last_error", "HTTP 503"), without(endpoint, "last_attempt_at"));
            Instant.parse(endpoint.path("last_attempt_at").asText());

            // A replay of it is running elsewhere: 409.
            redis.execute("SET", keys.replayLock(id), "1", "PX", "10000");
            assertProblem(replay(id), 409, obj("type", PROBLEMS + "replay-in-progress", "title",
                    "Replay in progress", "status", 409, "detail",
                    "This dead letter is being replayed right now; look again in a moment."));
            redis.execute("DEL", keys.replayLock(id));

            long replayedBefore = health().path("replayed").asLong();
            r.answer(h -> Receiver.Answer.of(200));
            Response ok = replay(id);
            assertEquals(200, ok.statusCode(), ok.asString());
            assertTrue(ok.contentType().startsWith("application/json"), ok.contentType());
            assertEquals(obj("id", id, "delivered", true, "status", 200).toString(), JSON.readTree(ok.asString())
                    .toString());
            Receiver.Hit hit = r.hitsOf(job).getLast();
            assertEquals(webhookId, hit.id(), "the original webhook-id");
            assertEquals(body, new String(hit.body(), StandardCharsets.UTF_8));
            assertEquals(list().toString(), listed(job).toString());
            JsonNode after = health();
            assertEquals(replayedBefore + 1, after.path("replayed").asLong());
            endpoint = endpointOnHealthPage(r.url("/doc"));
            assertEquals(List.of("endpoint", "supabase", "last_status", "last_outcome", "last_attempt_at",
                    "last_success_at"), names(endpoint));
            assertEquals(obj("endpoint", r.url("/doc"), "supabase", false, "last_status", 200, "last_outcome",
                    "delivered"), without(endpoint, "last_attempt_at", "last_success_at"));
            assertEquals(endpoint.path("last_attempt_at"), endpoint.path("last_success_at"));
        }
    }

    @Test
    void unknownDeadLettersAndBadLimitsAnswerProblems() throws Exception {
        assertProblem(replay("dl_0000"), 404, obj("type", PROBLEMS + "dead-letter-not-found", "title",
                "Dead letter not found", "status", 404, "detail", "No dead letter with id 'dl_0000'.", "field", "id",
                "rule", "exists"));
        // Not an id at all: the same 404, with the caller's text made safe to echo.
        assertProblem(replay("dl-Ab.c"), 404, obj("type", PROBLEMS + "dead-letter-not-found", "title",
                "Dead letter not found", "status", 404, "detail", "No dead letter with id 'dl?Ab?c'.", "field", "id",
                "rule", "exists"));
        for (String limit : List.of("0", "1001", "ten")) {
            Response r = given().auth().oauth2(WebhookJobs.TOKEN).queryParam("limit", limit)
                    .get("/api/v1/webhooks/dead");
            String detail = "Query parameter 'limit' must be a whole number from 1 to 1000.";
            ObjectNode expected = obj("type", PROBLEMS + "invalid-request", "title", "Invalid request", "status", 400,
                    "detail", detail, "field", "limit", "rule", "range", "params", obj("min", 1, "max", 1000));
            expected.putArray("errors").add(obj("field", "limit", "rule", "range", "detail", detail, "params",
                    obj("min", 1, "max", 1000)));
            assertProblem(r, 400, expected);
        }
    }

    @Test
    void healthAnswersItsDocument() throws Exception {
        Response r = given().auth().oauth2(WebhookJobs.TOKEN).get("/webhooks/health");
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonNode h = JSON.readTree(r.asString());
        assertEquals(List.of("status", "pending", "pending_deliveries", "in_flight", "delivered", "failed", "dead",
                "dropped_qr", "gone", "replayed", "oldest_pending_age_seconds", "followed_jobs", "overdue_seconds",
                "stuck_after_seconds", "this_process", "endpoints", "timestamp"), names(h));
        assertEquals("healthy", h.path("status").asText());
        for (String n : List.of("pending", "pending_deliveries", "in_flight", "delivered", "failed", "dead",
                "dropped_qr", "gone", "replayed", "followed_jobs", "overdue_seconds")) {
            assertTrue(h.path(n).isIntegralNumber() && h.path(n).asLong() >= 0, n + " in " + h);
        }
        JsonNode oldest = h.path("oldest_pending_age_seconds");
        assertTrue(oldest.isNull() || oldest.isIntegralNumber(), oldest.toString());
        assertEquals(300, h.path("stuck_after_seconds").asLong());
        assertEquals(obj("dispatcher_running", true, "signing_configured", true, "allow_private", true),
                h.path("this_process"));
        assertTrue(h.path("endpoints").isArray());
        Instant.parse(h.path("timestamp").asText());
    }

    private static Response replay(String id) {
        return given().auth().oauth2(WebhookJobs.TOKEN).post("/api/v1/webhooks/dead/" + id + "/replay");
    }

    private static JsonNode listed(String job) throws Exception {
        Response r = given().auth().oauth2(WebhookJobs.TOKEN).queryParam("job_id", job).get("/api/v1/webhooks/dead");
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return JSON.readTree(r.asString());
    }

    private static JsonNode health() throws Exception {
        return JSON.readTree(given().auth().oauth2(WebhookJobs.TOKEN).get("/webhooks/health").then().statusCode(200).extract().asString());
    }

    private static JsonNode endpointOnHealthPage(String url) throws Exception {
        for (JsonNode e : health().path("endpoints")) {
            if (url.equals(e.path("endpoint").asText())) {
                return e;
            }
        }
        throw new AssertionError("no endpoint " + url + " on the health page");
    }

    private static ObjectNode letterView(String id, String job, String webhookId, String endpoint, int attempts) {
        return obj("id", id, "job_id", job, "event_id", "1764101232025-0", "event_type", "status_update",
                "webhook_id", webhookId, "endpoint", endpoint, "supabase", false, "attempts", attempts,
                "last_status", 503, "last_error", "HTTP 503", "first_attempt_at",
                Instant.ofEpochMilli(FIRST_ATTEMPT).toString(), "dead_at", Instant.ofEpochMilli(DEAD_AT).toString(),
                "replay_url", "/api/v1/webhooks/dead/" + id + "/replay");
    }

    private static ObjectNode list(ObjectNode... letters) {
        ObjectNode out = JSON.createObjectNode();
        out.putArray("dead_letters").addAll(List.of(letters));
        out.put("count", letters.length);
        return out;
    }

    /** A problem document: its status, media type, and every member in order (the order inside "errors" aside). */
    private static void assertProblem(Response r, int status, ObjectNode expected) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals("application/problem+json", r.contentType());
        JsonNode actual = JSON.readTree(r.asString());
        assertEquals(names(expected), names(actual), actual.toString());
        assertEquals(expected, actual);
    }

    private static ObjectNode obj(Object... pairs) {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            n.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        }
        return n;
    }

    private static ObjectNode without(JsonNode n, String... fields) {
        ObjectNode copy = n.deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
