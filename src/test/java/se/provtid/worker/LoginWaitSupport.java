package se.provtid.worker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import java.util.Map;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** One login, watched: what the job's page does while the person scans, and that the scan logs the job in. */
final class LoginWaitSupport {

    private LoginWaitSupport() {
    }

    /** Starts a job, checks its page is {@code page} ("parked" or "open") while it streams codes, then scans. */
    static void loginWithPage(URL root, String page) throws Exception {
        JsonPath started = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(30),
                false);
        String jobId = started.getString("job_id");
        try (SseClient sse = TestJobs.stream(root, started)) {
            SseClient.Event first = sse.await("qr_code_update", TestJobs.WAIT);
            assertEquals("computed", first.data().path("source").asText());
            // Codes keep coming, one a second, while the page is as expected.
            long seq = first.data().path("sequence").asLong();
            for (int i = 0; i < 3; i++) {
                SseClient.Event next = sse.await("qr_code_update", TestJobs.WAIT);
                assertTrue(next.data().path("sequence").asLong() > seq);
                seq = next.data().path("sequence").asLong();
                assertEquals(page, pageOf(jobId), "the job's page while the person scans");
            }
            assertEquals("authenticating", given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/" + jobId)
                    .then().extract().path("status"));
            // The simulated site logs the session in only on a status poll that sees the approval.
            TestJobs.scanNextQr(sse);
            while (true) {
                SseClient.Event e = sse.await("status_update", TestJobs.WAIT);
                if (e.data().path("status").asText().equals("searching")) {
                    break;
                }
            }
        } finally {
            given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "test done"))
                    .post("/api/v1/booking/cancel/" + jobId);
        }
    }

    /** "parked" or "open", as /api/v1/status/browser-sessions lists the job. */
    private static String pageOf(String jobId) {
        JsonPath status = given().auth().oauth2(TestJobs.TOKEN).get("/api/v1/status/browser-sessions").then()
                .statusCode(200).extract().jsonPath();
        for (Map<?, ?> host : status.getList("hosts", Map.class)) {
            for (Object j : (List<?>) host.get("jobs")) {
                Map<?, ?> job = (Map<?, ?>) j;
                if (jobId.equals(job.get("job_id"))) {
                    return (String) job.get("page");
                }
            }
        }
        throw new AssertionError("job not listed: " + status.prettify());
    }
}
