package se.provtid.worker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** A job that ends while its person is logged in signs them out of the site (the simulator records sign-outs). */
@QuarkusTest
class SiteSignOutTests {

    /** The sign-out follows the final event: the worker sends it before closing the job's browser context. */
    private static final Duration SIGN_OUT_WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void aCompletedJobSignsThePersonOut() throws Exception {
        String person = somePerson();
        JsonPath started = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40),
                true);
        try (SseClient sse = TestJobs.stream(root, started)) {
            scanAs(sse, person);
            sse.await("booking_completed", TestJobs.WAIT);
        }
        awaitSignOuts(person, 1);
    }

    @Test
    void aJobCancelledWhileSearchingSignsThePersonOut() throws Exception {
        TestJobs.scenario(Map.of("no_slots", true)); // the job stays logged in, searching
        String person = somePerson();
        JsonPath started = TestJobs.start(List.of("Malmö"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40),
                true);
        try (SseClient sse = TestJobs.stream(root, started)) {
            scanAs(sse, person);
            TestJobs.awaitNote(sse, "searching for a slot");
            assertEquals(0, signOuts(person), "still searching: still logged in");
            given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("reason", "Found a slot elsewhere"))
                    .post("/api/v1/booking/cancel/" + started.getString("job_id")).then().statusCode(200);
            sse.await("job_cancelled", TestJobs.WAIT);
        }
        awaitSignOuts(person, 1);
    }

    private static String somePerson() {
        return "19900101" + ThreadLocalRandom.current().nextInt(1000, 10000);
    }

    private static void scanAs(SseClient sse, String person) throws InterruptedException {
        String qr = sse.await("qr_code_update", TestJobs.WAIT).data().path("qr_payload").asText();
        given().contentType(ContentType.JSON).body(Map.of("qr", qr, "personal_number", person))
                .post("/sim/bankid/scan").then().statusCode(200);
    }

    private static long signOuts(String person) {
        List<Map<String, Object>> all = given().get("/sim/admin/sign-outs").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return all.stream().filter(o -> person.equals(o.get("personal_number"))).count();
    }

    private static void awaitSignOuts(String person, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + SIGN_OUT_WAIT.toNanos();
        while (signOuts(person) < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(500); // and no second one
        assertEquals(expected, signOuts(person), "sign-outs at the site");
    }
}
