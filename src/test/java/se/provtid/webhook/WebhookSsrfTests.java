package se.provtid.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With private targets refused (as in production), a job's webhook URL that is plain http or leads inside the
 * network is never called: its events are dead-lettered at once with the reason, and nothing reaches the target.
 */
@QuarkusTest
@TestProfile(StrictWebhookProfile.class)
class WebhookSsrfTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void refusesPlainHttpAtStartAndLoopbackPrivateLinkLocalTargetsAtSendTime() throws Exception {
        try (Receiver r = Receiver.start()) {
            // Plain http is refused when the job starts, before anything is sent.
            given().auth().oauth2(WebhookJobs.TOKEN).contentType(io.restassured.http.ContentType.JSON)
                    .body(WebhookJobs.body(r.url("/plain-http"))).post("/api/v1/booking/start").then().statusCode(400)
                    .body("field", org.hamcrest.Matchers.equalTo("webhook_url"))
                    .body("rule", org.hamcrest.Matchers.equalTo("https"));
            Map<String, String> cases = Map.of(
                    "https://loopback.webhook.test:" + r.port() + "/named", "loopback address",
                    "https://[::1]:" + r.port() + "/v6", "loopback address",
                    "https://internal.webhook.test/hook", "private address (10.0.0.1)",
                    "https://metadata.webhook.test/latest/meta-data", "link-local address (169.254.169.254)");
            cases.forEach((url, reason) -> {
                String job = WebhookJobs.start(url);
                JsonPath letter = awaitDeadLetter(job);
                assertTrue(letter.getString("dead_letters[0].last_error").startsWith("refused: "), url);
                assertTrue(letter.getString("dead_letters[0].last_error").contains(reason),
                        url + ": " + letter.getString("dead_letters[0].last_error"));
                assertEquals(1, letter.getInt("dead_letters[0].attempts"), "no retries for a refused URL");
                // Replaying it is refused the same way.
                given().auth().oauth2(WebhookJobs.TOKEN)
                        .post("/api/v1/webhooks/dead/" + letter.getString("dead_letters[0].id") + "/replay").then()
                        .statusCode(502).body("last_error", containsString("refused"));
                WebhookJobs.cancel(job);
            });
            Thread.sleep(300);
            assertTrue(r.hits().isEmpty(), "the loopback receiver was never called: " + r.hits().size());
        }
    }

    private static JsonPath awaitDeadLetter(String job) {
        return await("a dead letter for " + job).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> given().auth().oauth2(WebhookJobs.TOKEN).queryParam("job_id", job)
                        .get("/api/v1/webhooks/dead").then().statusCode(200).extract().jsonPath(),
                        p -> p.getInt("count") > 0);
    }
}
