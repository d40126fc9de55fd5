package se.provtid.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.support.Management;
import se.provtid.support.PromText;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/**
 * How a login reaches the QR code, told by what the simulated site saw of each person's session: without the
 * site's page (one plain load, no scripts or styles fetched, the app's JSON calls), or through the page when the
 * site does not take the other way. Real Chromium, the real simulator, the person's phone scanning the code.
 */
@QuarkusTest
class LoginWayTests {

    @TestHTTPResource("/")
    URL root;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @AfterEach
    void back() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void aLoginWithoutThePageIsScannedAndBooks() throws Exception {
        double leanBefore = logins("lean");
        String person = "199901011234";
        Map<String, Object> session = bookAs(person);
        assertEquals(1, number(session, "page_loads"), "one plain load of the app's page: " + session);
        assertEquals(0, number(session, "asset_loads"), "none of the app's scripts or styles: " + session);
        assertEquals(Boolean.TRUE, session.get("consent"), "the banner's consent cookie came with the calls");
        @SuppressWarnings("unchecked")
        Map<String, Object> calls = (Map<String, Object>) session.get("calls");
        for (String call : List.of("is-system-updating", "is-authorizied", "begin-authentication",
                "check-authentication-status-qr", "create-reservation")) {
            assertTrue(number(calls, call) >= 1, call + " went out from the session: " + calls);
        }
        assertEquals(1, number(calls, "begin-authentication"), "one order: " + calls);
        assertEquals(leanBefore + 1, logins("lean"), "counted as a login without the page");
    }

    @Test
    void whenTheSiteAnswersTheLoginWithoutItsPageWithHtmlTheLoginGoesThroughThePage() throws Exception {
        TestJobs.scenario(Map.of("require_rendered_app", true));
        double pageBefore = logins("page");
        double fallbacksBefore = fallbacks();
        String person = "199902021234";
        Map<String, Object> session = bookAs(person);
        assertTrue(number(session, "asset_loads") >= 1, "the app ran in a page: " + session);
        assertTrue(number(session, "page_loads") >= 2, "the plain load, then the page's: " + session);
        assertEquals(fallbacksBefore + 1, fallbacks(), "the fallback is counted by its reason");
        assertEquals(pageBefore + 1, logins("page"), "counted as a login through the page");
    }

    /** Starts a job, scans its first code as {@code person}, waits for the booking; that person's one site session. */
    private Map<String, Object> bookAs(String person) throws Exception {
        JsonPath started = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40),
                true);
        try (SseClient sse = TestJobs.stream(root, started)) {
            TestJobs.scanNextQr(sse, person);
            sse.await("booking_completed", TestJobs.WAIT);
        }
        List<Map<String, Object>> sessions = given().queryParam("by", "session").queryParam("personal_number", person)
                .get("/sim/admin/requests").then().statusCode(200).extract().jsonPath().getList("sessions");
        assertEquals(1, sessions.size(), "one site session for the job: " + sessions);
        return sessions.getFirst();
    }

    /** A counter's value; 0 before its first count (the series is not there yet). */
    private double logins(String way) {
        return Math.max(0, PromText.value(Management.metrics(management), "provtid_logins_total", Map.of("way", way)));
    }

    private double fallbacks() {
        return Math.max(0, PromText.value(Management.metrics(management), "provtid_login_fallbacks_total",
                Map.of("reason", "html")));
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
