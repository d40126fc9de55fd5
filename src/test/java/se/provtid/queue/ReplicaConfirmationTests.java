package se.provtid.queue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.provtid.support.PrivateRedis;
import se.provtid.support.RedisServer;
import se.provtid.support.TestJobs;

/**
 * REDIS_WAIT_REPLICAS: a start no replica confirmed is answered 503 + Retry-After, never 202, and is not stored
 * twice; once a replica has it, the same Idempotency-Key gets the same job.
 */
@QuarkusTest
@TestProfile(ReplicaConfirmationProfile.class)
class ReplicaConfirmationTests {

    @Inject
    RedisKeys keys;

    @Test
    void aStartNoReplicaConfirmedIsNotPromisedAndItsRetryFindsTheJobOnceOneDoes() throws Exception {
        String user = "replica-" + System.nanoTime();
        Response first = start(user, "key-" + user);
        assertEquals(503, first.statusCode(), first.asString());
        assertEquals("redis-not-replicated", first.jsonPath().getString("type").replaceAll(".*/", ""));
        assertTrue(first.contentType().startsWith("application/problem+json"), first.contentType());
        assertEquals("2", first.header("Retry-After"));
        assertEquals(503, start(user, "key-" + user).statusCode(), "still no replica: still no promise");
        assertEquals(1, jobsOf(user), "the primary holds the job once, however often it is retried");

        try (RedisServer replica = RedisServer.start()) {
            replica.cli("REPLICAOF", "127.0.0.1", Integer.toString(PrivateRedis.server().port()));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!replica.cli("INFO", "replication").contains("master_link_status:up")) {
                assertTrue(System.nanoTime() < deadline, "the replica did not catch up");
                Thread.sleep(100);
            }
            Response retried = start(user, "key-" + user);
            assertTrue(retried.statusCode() == 200 || retried.statusCode() == 202, retried.asString());
            assertEquals(1, jobsOf(user));
            String id = retried.jsonPath().getString("job_id");
            assertTrue(replica.cli("EXISTS", keys.job(id)).endsWith("1"), "the replica has the job");
        }
    }

    private static Response start(String user, String key) {
        Map<String, Object> body = Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov",
                "locations", List.of("Uppsala"), "date_ranges", List.of(Map.of("start",
                        TestJobs.TODAY.plusDays(3).toString(), "end", TestJobs.TODAY.plusDays(40).toString())));
        return given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/booking/start");
    }

    private static int jobsOf(String user) {
        return given().auth().oauth2(TestJobs.TOKEN).queryParam("user_id", user).get("/api/v1/jobs").then()
                .statusCode(200).extract().jsonPath().getList("jobs").size();
    }
}
