package se.provtid.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.provtid.support.TestJobs.TODAY;
import static se.provtid.support.TestJobs.TOKEN;
import static se.provtid.support.TestJobs.WAIT;
import static se.provtid.support.TestJobs.start;
import static se.provtid.support.TestJobs.stream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;

/** Nobody scans the QR code in time: the job expires and says why. */
@QuarkusTest
@TestProfile(ShortQrTimeoutProfile.class)
class QrTimeoutTests {

    @TestHTTPResource("/")
    URL root;

    @Test
    void aQrNobodyScansExpiresTheJob() throws Exception {
        JsonPath job = start(List.of("Uppsala"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        try (SseClient sse = stream(root, job)) {
            sse.await("qr_code_update", WAIT);
            SseClient.Event expired = sse.await("job_expired", WAIT);
            assertTrue(expired.data().path("message").asText().contains("scanned"));
            List<SseClient.Event> all = sse.awaitEnd(Duration.ofSeconds(10));
            assertEquals("job_expired", all.getLast().type());
        }
        given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + job.getString("job_id")).then()
                .body("status", equalTo("expired"));
    }

    @Test
    void aNewLoginNobodyScansGoesBackToWatching() throws Exception {
        JsonPath job = start(List.of("Uppsala"), TODAY.plusDays(10), TODAY.plusDays(30), true);
        String id = job.getString("job_id");
        given().contentType("application/json").body(java.util.Map.of("market", true, "market_free_slots", 0,
                "release_per_hour", 0, "rival_median_seconds", 0)).put("/sim/admin/scenario").then().statusCode(200);
        try (SseClient sse = stream(root, job)) {
            se.provtid.support.TestJobs.scanNextQr(sse);
            await(sse, "searching");
            given().post("/sim/admin/logouts").then().statusCode(200);
            sse.await("login_required", WAIT);
            given().auth().oauth2(TOKEN).post("/api/v1/booking/resume/" + id).then().statusCode(202);
            sse.await("qr_code_update", WAIT); // nobody scans it
            SseClient.Event back = await(sse, "watching");
            assertEquals("qr_timeout", back.data().path("code").asText(), "a person who logged in before watches on");
            sse.await("login_required", WAIT);
        }
        given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + id).then().body("status", equalTo("watching"));
        given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + id).then().statusCode(200);
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    private static SseClient.Event await(SseClient sse, String status) throws InterruptedException {
        while (true) {
            SseClient.Event e = sse.await("status_update", WAIT);
            if (e.data().path("status").asText().equals(status)) {
                return e;
            }
        }
    }
}
