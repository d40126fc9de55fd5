package se.provtid.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** A stream token still opens a finished job's stream for a reconnecting client, then no more. */
@QuarkusTest
@TestProfile(ShortGraceProfile.class)
class StreamTokenLifetimeTests {

    @TestHTTPResource
    URL root;

    @Test
    void aStreamTokenIsVoidAShortWhileAfterTheJobEnded() throws Exception {
        JsonPath started = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5),
                TestJobs.TODAY.plusDays(60), true);
        String id = started.getString("job_id");
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "done"))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(200);
        try (SseClient sse = TestJobs.stream(root, started)) {
            assertEquals(200, sse.status(), "within the grace a reconnecting client still gets the outcome");
            assertEquals("job_cancelled", sse.awaitEnd(Duration.ofSeconds(20)).getLast().type());
        }
        Thread.sleep(2_000);
        given().accept("text/event-stream").get(started.getString("stream_url")).then().statusCode(401)
                .contentType("application/problem+json").body("field", equalTo("Authorization"));
        try (SseClient sse = SseClient.open(root.toString().replaceAll("/+$", "") + "/api/v1/booking/stream/" + id,
                null, TestJobs.TOKEN)) {
            assertEquals(200, sse.status(), "the API token still opens it");
            assertEquals("job_cancelled", sse.awaitEnd(Duration.ofSeconds(20)).getLast().type());
        }
    }
}
