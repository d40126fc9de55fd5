package se.provtid.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.provtid.support.Management;
import se.provtid.support.TestJobs;

/** RATE_LIMIT_REQUESTS=5 a PT10S window, the start limit per user, X-Forwarded-For from a trusted peer. */
@QuarkusTest
@TestProfile(RateLimitProfile.class)
class RateLimitTests {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private static int clients;

    /** A client of its own, behind the trusted proxy (the test's peer, 127.0.0.1). */
    private static synchronized String newClient() {
        return "198.51.100." + (++clients);
    }

    private static Response status(String client) {
        return given().auth().oauth2(TestJobs.TOKEN).header("X-Forwarded-For", client)
                .get("/api/v1/booking/status/job_nothing");
    }

    @Test
    void theSixthCallGets429WithRetryAfterAndTheHeaders() {
        String client = newClient();
        for (int i = 1; i <= RateLimitProfile.REQUESTS; i++) {
            Response r = status(client);
            assertEquals(404, r.statusCode(), "call " + i);
            assertEquals("5", r.header("RateLimit-Limit"));
            assertEquals(Integer.toString(RateLimitProfile.REQUESTS - i), r.header("RateLimit-Remaining"));
            long reset = Long.parseLong(r.header("RateLimit-Reset"));
            assertTrue(reset >= 1 && reset <= 10, "reset " + reset);
        }
        status(client).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).header("RateLimit-Limit", "5")
                .header("RateLimit-Remaining", "0").header("RateLimit-Reset", notNullValue())
                .body("status", equalTo(429)).body("type", equalTo("https://provtid.se/problems/rate-limited"))
                .body("field", equalTo("client_address")).body("rule", equalTo("requests_per_window"))
                .body("limit", equalTo(5));
        long retry = Long.parseLong(status(client).header("Retry-After"));
        assertTrue(retry >= 1 && retry <= 10, "Retry-After " + retry);
        // Another client (another address the trusted proxy saw) has a budget of its own.
        status(newClient()).then().statusCode(404).header("RateLimit-Remaining", "4");
    }

    @Test
    void theChainIsWalkedPastTrustedProxies() {
        String client = newClient();
        for (int i = 1; i <= RateLimitProfile.REQUESTS; i++) {
            // Each call claims a different origin on the left; the trusted 10.x proxy saw the same client.
            given().auth().oauth2(TestJobs.TOKEN).header("X-Forwarded-For", "192.0.2." + i + ", " + client + ", 10.0.0.1")
                    .get("/api/v1/booking/status/job_nothing").then().statusCode(404);
        }
        status(client).then().statusCode(429);
    }

    @Test
    void streamsHealthAndTheSimulatorAreExempt() {
        String client = newClient();
        for (int i = 0; i < RateLimitProfile.REQUESTS + 2; i++) {
            given().header("X-Forwarded-For", client).get("/health").then().statusCode(200);
            Management.given(management).header("X-Forwarded-For", client).get("/q/health/live").then().statusCode(200);
            Response s = given().header("X-Forwarded-For", client).get("/api/v1/booking/stream/job_nothing");
            assertTrue(s.statusCode() != 429, "stream answered 429");
            assertEquals(null, s.header("RateLimit-Limit"));
        }
        status(client).then().statusCode(404).header("RateLimit-Remaining", "4");
    }

    @Test
    void aUserGetsItsOwnStartLimit() {
        String user = "rl-user-" + System.nanoTime();
        Map<String, Object> body = Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov",
                "locations", List.of("Uppsala"), "date_ranges", List.of(Map.of("start",
                        TestJobs.TODAY.plusDays(1).toString(), "end", TestJobs.TODAY.plusDays(30).toString())),
                "auto_book", false);
        // Each start from another client address: only the user's limit can refuse the third.
        start(body).then().statusCode(202);
        start(body).then().statusCode(409).body("rule", equalTo("one_active_job"));
        start(body).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).header("RateLimit-Limit", "2")
                .header("RateLimit-Remaining", "0").body("field", equalTo("user_id"))
                .body("rule", equalTo("start_per_user"));
        // Another user is not limited by it.
        Map<String, Object> other = new java.util.HashMap<>(body);
        other.put("user_id", user + "-other");
        start(other).then().statusCode(202).header("RateLimit-Limit", "5");
    }

    private static Response start(Map<String, Object> body) {
        return given().auth().oauth2(TestJobs.TOKEN).header("X-Forwarded-For", newClient()).contentType(ContentType.JSON)
                .body(body).post("/api/v1/booking/start");
    }
}
