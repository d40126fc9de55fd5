package se.provtid.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import se.provtid.support.TestJobs;

/** With no trusted proxy, X-Forwarded-For is the caller's own claim and is ignored: the peer is the client. */
@QuarkusTest
@TestProfile(RateLimitProfile.Untrusted.class)
class RateLimitUntrustedTests {

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        for (int i = 1; i <= RateLimitProfile.REQUESTS; i++) {
            given().auth().oauth2(TestJobs.TOKEN).header("X-Forwarded-For", "198.51.100." + i)
                    .get("/api/v1/booking/status/job_nothing").then().statusCode(404)
                    .header("RateLimit-Remaining", Integer.toString(RateLimitProfile.REQUESTS - i));
        }
        given().auth().oauth2(TestJobs.TOKEN).header("X-Forwarded-For", "198.51.100.99")
                .get("/api/v1/booking/status/job_nothing").then().statusCode(429)
                .body("rule", equalTo("requests_per_window"));
        // Unauthenticated calls are refused before they are counted, and say nothing of the limit.
        given().get("/api/v1/booking/status/job_nothing").then().statusCode(401);
    }
}
