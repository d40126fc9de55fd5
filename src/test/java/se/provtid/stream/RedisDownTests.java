package se.provtid.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import se.provtid.support.PrivateRedis;
import se.provtid.support.TestJobs;

/**
 * Redis going away under open connections: every API call answers 503 problem JSON with Retry-After, whether the
 * client library reports a refused connection or a socket closed mid-command (never a 499 as if the caller had
 * left, never a bare 500).
 */
@QuarkusTest
@TestProfile(PrivateRedisApiProfile.class)
class RedisDownTests {

    @Test
    void everyCallAnswers503WhileRedisIsDown() throws Exception {
        Response before = given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/job_redis_down");
        assertEquals(404, before.statusCode(), before.asString()); // the pool's connections are open now
        PrivateRedis.server().shutdown();
        try {
            for (int i = 0; i < 6; i++) {
                Response r = given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/job_redis_down");
                assertEquals(503, r.statusCode(), "call " + i + ": " + r.asString());
                assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
                assertEquals("redis-unavailable", r.jsonPath().getString("type").replaceAll(".*/", ""));
                assertNotNull(r.header("Retry-After"));
            }
        } finally {
            PrivateRedis.server().launch();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (given().get("/health").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(404, given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/job_redis_down")
                .statusCode(), "back once Redis is");
    }
}
