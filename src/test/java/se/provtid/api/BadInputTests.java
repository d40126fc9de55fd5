package se.provtid.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every bad input the API can get answers with the right status as RFC 9457 problem JSON, names the field and the
 * rule it broke, never answers 500, and creates no job.
 */
@QuarkusTest
class BadInputTests {

    private static final String TOKEN = "test-secret-token";
    private static final String START = "/api/v1/booking/start";
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    /** Strict: a problem document with a member twice (e.g. two "status") is itself a bug. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Jobs this test made; cancelled with force afterwards so they don't linger. */
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cancelCreatedJobs() {
        for (String id : created) {
            given().auth().oauth2(TOKEN).contentType("application/json")
                    .body("{\"reason\":\"test\",\"force\":true}")
                    .post("/api/v1/booking/cancel/" + id);
        }
        created.clear();
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void missingTokenIs401() {
        Response r = expectProblem(401, "Authorization", "bearer_token",
                () -> given().contentType("application/json").body(validBody().toString()).post(START));
        assertNotNull(r.getHeader("WWW-Authenticate"), "WWW-Authenticate header");
    }

    @Test
    void wrongTokenIs401WithWwwAuthenticate() {
        Response r = expectProblem(401, "Authorization", "bearer_token",
                () -> given().auth().oauth2("not-the-token").contentType("application/json")
                        .body(validBody().toString()).post(START));
        assertNotNull(r.getHeader("WWW-Authenticate"), "WWW-Authenticate header");
        assertTrue(r.getHeader("WWW-Authenticate").startsWith("Bearer"), r.getHeader("WWW-Authenticate"));
    }

    // ---------------------------------------------------------------- required fields and lists

    @Test
    void missingUserId() {
        startExpecting(400, "user_id", "required", b -> b.remove("user_id"));
    }

    @Test
    void emptyLocations() {
        startExpecting(400, "locations", "required", b -> b.putArray("locations"));
    }

    @Test
    void moreThanTwentyLocations() {
        startExpecting(400, "locations", "max_items", b -> {
            ArrayNode a = b.putArray("locations");
            for (int i = 0; i < 21; i++) {
                a.add("Plats " + i);
            }
        });
    }

    // ---------------------------------------------------------------- closed sets

    @Test
    void unknownLicenseType() {
        startExpecting(400, "license_type", "one_of", b -> b.put("license_type", "Q"));
    }

    @Test
    void unknownExamType() {
        startExpecting(400, "exam_type", "one_of", b -> b.put("exam_type", "Flygprov"));
    }

    @Test
    void unknownPriority() {
        startExpecting(400, "priority", "one_of", b -> b.put("priority", "urgent"));
    }

    @Test
    void unknownVehicleType() {
        startExpecting(400, "vehicle_type", "one_of", b -> b.put("vehicle_type", "hovercraft"));
    }

    // ---------------------------------------------------------------- dates

    @Test
    void malformedDateOutOfRange() {
        startExpecting(400, "date_ranges[0].start", "iso_date", b -> range(b, "2026-13-45", day(40)));
    }

    @Test
    void malformedDateInWords() {
        startExpecting(400, "date_ranges[0].end", "iso_date", b -> range(b, day(10), "next tuesday"));
    }

    @Test
    void startAfterEnd() {
        startExpecting(400, "date_ranges[0]", "start_before_end", b -> range(b, day(40), day(10)));
    }

    @Test
    void rangeWhollyInThePast() {
        startExpecting(400, "date_ranges[0]", "not_past", b -> range(b, day(-40), day(-10)));
    }

    @Test
    void moreThanTenDateRanges() {
        startExpecting(400, "date_ranges", "max_items", b -> {
            ArrayNode a = b.putArray("date_ranges");
            for (int i = 0; i < 11; i++) {
                a.addObject().put("start", day(10 + i)).put("end", day(11 + i));
            }
        });
    }

    // ---------------------------------------------------------------- webhook

    @Test
    void webhookNotHttp() {
        startExpecting(400, "webhook_url", "http_url", b -> b.put("webhook_url", "ftp://x.example"));
    }

    @Test
    void webhookNotAUrl() {
        startExpecting(400, "webhook_url", "http_url", b -> b.put("webhook_url", "not a url"));
    }

    // ---------------------------------------------------------------- body shape

    @Test
    void unknownField() {
        startExpecting(400, "colour", "unknown_field", b -> b.put("colour", "red"));
    }

    @Test
    void bodyNotJson() {
        postRaw(400, "body", "json", "application/json", "{\"user_id\": \"u\", this is not json");
    }

    @Test
    void bodyIsJsonArray() {
        postRaw(400, "body", "json_object", "application/json", "[" + validBody() + "]");
    }

    @Test
    void bodyIsJsonString() {
        postRaw(400, "body", "json_object", "application/json", "\"hello\"");
    }

    @Test
    void wrongContentType() {
        postRaw(415, "Content-Type", "media_type", "text/plain", validBody().toString());
    }

    @Test
    void bodyOver64KiB() {
        ObjectNode b = validBody();
        b.put("user_id", "u".repeat(70_000));
        String body = b.toString();
        assertTrue(body.length() > 65_536, "the body must be over the limit for the 413 to be about size");
        postRaw(413, "body", "max_bytes", "application/json", body);
    }

    @Test
    void locationsNotAnArray() {
        startExpecting(400, "locations", "type", b -> b.put("locations", "Uppsala"));
    }

    @Test
    void autoBookNotABoolean() {
        startExpecting(400, "auto_book", "type", b -> b.put("auto_book", "yes"));
    }

    // ---------------------------------------------------------------- job endpoints

    @Test
    void statusOfUnknownJobIs404() {
        expectProblem(404, null, null,
                () -> api().get("/api/v1/booking/status/job_" + UUID.randomUUID().toString().replace("-", "")));
    }

    @Test
    void cancelOfUnknownJobIs404() {
        expectProblem(404, null, null, () -> api().contentType("application/json")
                .body("{\"reason\":\"test\"}")
                .post("/api/v1/booking/cancel/job_" + UUID.randomUUID().toString().replace("-", "")));
    }

    @Test
    void confirmOfQueuedJobIs409() {
        String id = start().path("job_id");
        expectProblem(409, null, null, () -> api().contentType("application/json").body("{}")
                .post("/api/v1/booking/confirm/" + id));
    }

    @Test
    void cancelOfCancelledJobIs409() {
        String id = start().path("job_id");
        Response first = api().contentType("application/json").body("{\"reason\":\"test\"}")
                .post("/api/v1/booking/cancel/" + id);
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals("cancelled", first.path("status"));
        expectProblem(409, null, null, () -> api().contentType("application/json").body("{\"reason\":\"again\"}")
                .post("/api/v1/booking/cancel/" + id));
    }

    @Test
    void streamTokenOfAnotherJobIs401() {
        Response a = start();
        Response b = start();
        String tokenOfA = tokenOf(a.path("stream_url"));
        String idB = b.path("job_id");
        expectProblem(401, "Authorization", "bearer_token", () -> given().accept("text/event-stream")
                .get("/api/v1/booking/stream/" + idB + "?token=" + tokenOfA));
    }

    @Test
    void garbageStreamTokenIs401() {
        String id = start().path("job_id");
        expectProblem(401, "Authorization", "bearer_token", () -> given().accept("text/event-stream")
                .get("/api/v1/booking/stream/" + id + "?token=garbage.token"));
        expectProblem(401, "Authorization", "bearer_token", () -> given().accept("text/event-stream")
                .get("/api/v1/booking/stream/" + id + "?token=garbage"));
    }

    @Test
    void ownStreamTokenIsAccepted() throws Exception {
        Response a = start();
        String streamUrl = a.path("stream_url");
        assertTrue(streamUrl.contains("/api/v1/booking/stream/" + a.path("job_id") + "?token="), streamUrl);
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port).resolve(streamUrl);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Accept", "text/event-stream").GET().build();
            HttpResponse<InputStream> res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                assertEquals(200, res.statusCode());
                String type = res.headers().firstValue("Content-Type").orElse("");
                assertTrue(type.startsWith("text/event-stream"), type);
            }
        }
    }

    /** Control: the "nothing was created" check used above does see a job that is created. */
    @Test
    void validStartIsSeenByTheNothingCreatedCheck() {
        long before = jobsInFlight();
        start();
        long after = jobsInFlight();
        assertTrue(after >= before + 1, "queued+running went from " + before + " to " + after);
    }

    // ---------------------------------------------------------------- helpers

    /** Starts a valid job and remembers it for cancelling afterwards. */
    private Response start() {
        Response r = api().contentType("application/json").body(validBody().toString()).post(START);
        assertEquals(202, r.statusCode(), r.asString());
        created.add(r.path("job_id"));
        return r;
    }

    private static RequestSpecification api() {
        return given().auth().oauth2(TOKEN);
    }

    private static ObjectNode validBody() {
        ObjectNode b = JSON.createObjectNode();
        b.put("user_id", "bad-input-" + UUID.randomUUID());
        b.put("license_type", "B");
        b.put("exam_type", "Körprov");
        b.putArray("locations").add("Uppsala");
        b.putArray("date_ranges").addObject().put("start", day(10)).put("end", day(40));
        b.put("auto_book", false);
        return b;
    }

    private static void range(ObjectNode b, String start, String end) {
        b.putArray("date_ranges").addObject().put("start", start).put("end", end);
    }

    private static String day(int fromToday) {
        return LocalDate.now(SWEDEN).plusDays(fromToday).toString();
    }

    private static String tokenOf(String streamUrl) {
        return streamUrl.substring(streamUrl.indexOf("?token=") + "?token=".length());
    }

    /** POST /start with a valid body changed in one way. */
    private void startExpecting(int status, String field, String rule, Consumer<ObjectNode> change) {
        ObjectNode b = validBody();
        change.accept(b);
        postRaw(status, field, rule, "application/json", b.toString());
    }

    private void postRaw(int status, String field, String rule, String contentType, String body) {
        Response r = expectProblem(status, field, rule,
                () -> api().contentType(contentType).body(body).post(START));
        assertNull(r.getHeader("Location"), "a refused start names no job");
    }

    /** Queued plus running jobs, from /health/detailed. */
    private static long jobsInFlight() {
        Response h = given().auth().oauth2(TOKEN).get("/health/detailed");
        assertEquals(200, h.statusCode(), h.asString());
        return ((Number) h.path("queue.queued")).longValue() + ((Number) h.path("queue.running")).longValue();
    }

    /**
     * Makes the call and checks it answers a problem: this status, problem+json, a matching status member, a
     * detail, and (when given) the field and rule; and that no job was created by it.
     */
    private Response expectProblem(int status, String field, String rule, Supplier<Response> call) {
        long before = jobsInFlight();
        Response r = call.get();
        String body = r.asString();
        assertNotEquals(500, r.statusCode(), body);
        assertEquals(status, r.statusCode(), body);
        String type = r.getContentType();
        assertNotNull(type, "Content-Type");
        assertTrue(type.startsWith("application/problem+json"), "Content-Type was '" + type + "': " + body);
        JsonNode p;
        try {
            p = JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not a well-formed problem document: " + e.getMessage() + ": " + body, e);
        }
        assertTrue(p.isObject(), body);
        assertTrue(p.path("status").isInt(), "problem 'status' must be the HTTP status number: " + body);
        assertEquals(status, p.path("status").intValue(), body);
        assertTrue(p.path("detail").isTextual() && !p.path("detail").asText().isBlank(), "detail: " + body);
        if (field != null) {
            assertEquals(field, p.path("field").asText(null), body);
        }
        if (rule != null) {
            assertEquals(rule, p.path("rule").asText(null), body);
        }
        assertFalse(p.has("job_id"), body);
        long after = jobsInFlight();
        assertTrue(after <= before, "a job was created: queued+running went from " + before + " to " + after);
        return r;
    }
}
