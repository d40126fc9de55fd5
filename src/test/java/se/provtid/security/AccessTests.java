package se.provtid.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.provtid.support.Management;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** Who may call what: deny by default, odd spellings of paths, stream tokens and stream limits, on the running app. */
@QuarkusTest
class AccessTests {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource
    URL root;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/booking/status/job_x", "//api/v1/booking/status/job_x",
        "/./api/v1/booking/status/job_x", "/api/v1/../v1/booking/status/job_x", "/api%2Fv1/booking/status/job_x",
        "/api/v1/booking/status/job_x;", "/api/v1/booking/status/job_x;x=1", "/API/v1/booking/status/job_x",
        "/Api/V1/booking/status/job_x", "/%2e/api/v1/booking/status/job_x", "/health/../api/v1/booking/status/job_x",
        "/health/%2e%2e/api/v1/booking/status/job_x", "/health/detailed", "/health/detailed/",
        "/Health/detailed", "/webhooks/health", "/api/v1/status/browser-sessions", "/api/v1/webhooks/dead",
        "/no/such/path", "/sim/../api/v1/booking/status/job_x", "/Boka/..%2Fapi/v1/booking/status/job_x",
        "/app/../api/v1/booking/status/job_x", "/app/%2e%2e/api/v1/stats", "/dashboard/..%2Fapi/v1/jobs",
        "/app/x/../../api/v1/stats", "/App/../api/v1/stats", "/dashboard//api/v1/stats",
        "/shared/../api/v1/stats", "/shared//api/v1/jobs"})
    void everyPathButThePublicOnesNeedsTheToken(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/+$", "")
                + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 401 || r.statusCode() == 400, path + " answered " + r.statusCode());
        assertTrue(!r.body().contains("\"queue\"") && !r.body().contains("hosts"), "no operational detail: " + r.body());
    }

    @Test
    void thePublicHealthAndTheProbesStayOpenAndRevealNothing() {
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"))
                .body("size()", equalTo(2));
        Management.given(management).get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'workers' }.status", equalTo("UP"));
        Management.given(management).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'draining' }.status", equalTo("UP"));
        String workerId = given().auth().oauth2(TestJobs.TOKEN).get("/health/detailed").then().statusCode(200)
                .body("redis.status", equalTo("up")).body("worker.live", equalTo(true))
                .extract().path("worker.worker_id");
        // The worker id names the host (pid-host-random): it, and any other detail, is behind the token only.
        String host = workerId.substring(workerId.indexOf('-') + 1, workerId.lastIndexOf('-'));
        for (String probe : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started"}) {
            JsonPath answer = Management.given(management).get(probe).then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("checks", "status"), answer.getMap("").keySet().stream().sorted().toList(), probe);
            for (Map<String, Object> check : answer.<Map<String, Object>>getList("checks")) {
                // Quarkus' own Redis check adds its clients' names and PONG; Provtid's checks add nothing.
                List<String> keys = check.get("name").toString().startsWith("Redis")
                        ? List.of("data", "name", "status") : List.of("name", "status");
                assertEquals(keys, check.keySet().stream().sorted().toList(),
                        probe + " answers only each check's name and status: " + check);
            }
            String body = answer.prettify();
            assertTrue(!body.contains(workerId) && !body.contains(host), probe + " names the host: " + body);
        }
    }

    @Test
    void tracingIsOffWithoutAnOtlpEndpoint() {
        assertTrue(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.otel.sdk.disabled", Boolean.class), "no collector configured, no exporter");
    }

    @Test
    void probesAndMetricsAreServedOnTheManagementPortOnly() {
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/metrics"}) {
            given().get(path).then().statusCode(401);
            given().auth().oauth2(TestJobs.TOKEN).get(path).then().statusCode(404);
        }
        Management.given(management).get("/q/health/started").then().statusCode(200);
        String metrics = Management.metrics(management);
        assertTrue(metrics.contains("provtid_jobs_started_total"), "Provtid's meters on /q/metrics");
        // The two Redis pools (the API's and the workers') each have their own series, told apart by pool_name.
        for (String pool : new String[] {"<default>", "workers"}) {
            assertEquals(1, metrics.lines().filter(l -> l.startsWith("redis_pool_queue_size{")
                    && l.contains("pool_name=\"" + pool + "\"")).count(), pool + "'s pool: " + metrics);
        }
    }

    @Test
    void aFreshStreamUrlNeedsTheApiTokenAndOpensTheStream() throws Exception {
        JsonPath started = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5),
                TestJobs.TODAY.plusDays(60), true);
        String id = started.getString("job_id");
        assertTrue(started.getString("stream_url_expires_at") != null);
        given().post("/api/v1/booking/stream-url/" + id).then().statusCode(401);
        JsonPath fresh = given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/booking/stream-url/" + id).then()
                .statusCode(200).body("job_id", equalTo(id)).body("stream_url_expires_at", notNullValue())
                .extract().jsonPath();
        try (SseClient sse = SseClient.open(root.toString().replaceAll("/+$", "") + fresh.getString("stream_url"))) {
            assertEquals(200, sse.status());
            sse.await("status_update", Duration.ofSeconds(20));
        } finally {
            cancel(id);
        }
        given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/booking/stream-url/job_nope").then().statusCode(404);
    }

    @Test
    void aJobTakesAtMostFiveStreamsThenA429WithRetryAfter() throws Exception {
        JsonPath started = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5),
                TestJobs.TODAY.plusDays(60), true);
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseClient c = TestJobs.stream(root, started);
                assertEquals(200, c.status());
                c.await("status_update", Duration.ofSeconds(20));
                open.add(c);
            }
            given().accept("text/event-stream").get(started.getString("stream_url")).then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", notNullValue())
                    .body("rule", equalTo("max_streams_per_job"));
        } finally {
            open.forEach(SseClient::close);
            cancel(started.getString("job_id"));
        }
    }

    @Test
    void aWrongMethodIs405WithTheAllowedOnes() {
        io.restassured.response.Response r = given().auth().oauth2(TestJobs.TOKEN)
                .delete("/api/v1/booking/status/job_x");
        assertEquals(405, r.statusCode());
        assertEquals("application/problem+json", r.contentType().replaceAll(";.*", ""));
        assertTrue(r.header("Allow") != null && r.header("Allow").contains("GET"), "Allow: " + r.header("Allow"));
    }

    @Test
    void refusedRequestsAreCountedUnderTheirRouteNotTheirPath() {
        for (int i = 0; i < 3; i++) {
            given().get("/api/v1/booking/status/job_metric" + i).then().statusCode(401);
            given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/job_metric404_" + i).then()
                    .statusCode(404);
            given().get("/scanner/probe" + i).then().statusCode(401);
        }
        String metrics = Management.metrics(management);
        assertTrue(!metrics.contains("job_metric") && !metrics.contains("scanner/probe"),
                "no series per job id or probed path");
        assertTrue(metrics.contains("uri=\"/api/v1/booking/{action}/{jobId}\"")
                || metrics.contains("uri=\"/api/v1/booking/status/{jobId}\""), "the route's template is the tag");
    }

    @Test
    void theStreamOfAnUnknownJobIsA404Problem() {
        given().auth().oauth2(TestJobs.TOKEN).accept("text/event-stream").get("/api/v1/booking/stream/job_unknown")
                .then().statusCode(404).contentType("application/problem+json").body("rule", equalTo("exists"));
    }

    @Test
    void aCancelReasonIsShortAndPlainAndABadOneChangesNothing() {
        JsonPath started = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5),
                TestJobs.TODAY.plusDays(60), true);
        String id = started.getString("job_id");
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(201)))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(400).body("field", equalTo("reason"))
                .body("rule", equalTo("max_length"));
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "a\nb"))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(400).body("field", equalTo("reason"))
                .body("rule", equalTo("no_control_characters"));
        given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.not(equalTo("cancelled")));
        cancel(id);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body("{\"a\":\"" + "x".repeat(70_000)
                + "\"}").post("/api/v1/booking/start").then().statusCode(413)
                .contentType("application/problem+json").body("rule", equalTo("max_bytes"));
    }

    private static void cancel(String id) {
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("force", true))
                .post("/api/v1/booking/cancel/" + id);
    }
}
