package se.provtid.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** {@code GET /api/v1/status/browser-sessions} and {@code POST /api/v1/status/maintenance/cleanup} on the running app. */
@QuarkusTest
class BrowserStatusTests {

    @TestHTTPResource("/")
    URL root;

    @Inject
    BrowserFleet fleet;

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void bothNeedTheBearerToken() {
        given().get("/api/v1/status/browser-sessions").then().statusCode(401)
                .contentType("application/problem+json");
        given().post("/api/v1/status/maintenance/cleanup").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aWaitingJobIsListedOnItsHostAndCleanupLeavesItAloneButClosesALeak() throws Exception {
        JsonPath started = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(30),
                true);
        String jobId = started.getString("job_id");
        try (SseClient sse = TestJobs.stream(root, started)) {
            sse.await("qr_code_update", TestJobs.WAIT); // the job holds a context and waits for a scan

            JsonPath status = given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/status/browser-sessions").then()
                    .statusCode(200).extract().jsonPath();
            Map<String, Object> host = status.getList("hosts", Map.class).stream()
                    .filter(h -> ((List<?>) h.get("jobs")).stream().anyMatch(j -> jobId.equals(((Map<?, ?>) j).get("job_id"))))
                    .findFirst().orElseThrow(() -> new AssertionError("job not listed: " + status.prettify()));
            assertEquals("chromium", host.get("engine"));
            assertTrue(((String) host.get("version")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), host.toString());
            assertEquals("ready", host.get("state"));
            assertTrue(((Number) host.get("contexts")).intValue() >= 1);
            assertTrue(((Number) host.get("memory_mib")).intValue() > 50, "measured PSS: " + host);
            assertTrue(((Number) host.get("driver_memory_mib")).intValue() > 10, host.toString());
            assertTrue(((Number) host.get("age_seconds")).intValue() >= 0);
            assertTrue(status.getInt("memory_mib") > 60);

            // A context whose job thread ended without closing it is a leak; the running job's is not.
            Thread leaky = Thread.ofVirtual().name("job-leaked-in-test").start(() -> fleet.open(null));
            leaky.join();
            given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/status/maintenance/cleanup").then().statusCode(200)
                    .body("closed_contexts", equalTo(1)).body("contexts[0].job_id", equalTo("leaked-in-test"))
                    .body("contexts[0].reason", equalTo("its job no longer runs"));

            given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/" + jobId).then()
                    .body("status", equalTo("authenticating"));
            TestJobs.scanNextQr(sse);
            sse.await("booking_completed", TestJobs.WAIT);
        }
        // Once the job is done, its host has nothing left: cleanup stops it and says so.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (fleet.hosts().stream().anyMatch(h -> h.contexts() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        int hosts = fleet.hosts().size();
        JsonPath cleaned = given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/status/maintenance/cleanup").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(hosts, cleaned.getInt("closed_hosts"), cleaned.prettify());
        assertTrue(cleaned.getList("hosts.reason").stream().allMatch("idle"::equals), cleaned.prettify());
        given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/status/browser-sessions").then().statusCode(200)
                .body("hosts_running", equalTo(0)).body("contexts_open", equalTo(0));
    }
}
