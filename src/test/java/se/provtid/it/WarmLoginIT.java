package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.PromText;
import se.provtid.support.RedisServer;
import se.provtid.support.SseClient;

/**
 * With LOGIN_MODE=page the packaged app keeps a context with the site's app opened ahead of demand: a start takes
 * it (the site saw that session load the page once, before the job, and never again), its person scans and books,
 * and another is opened in its place.
 */
class WarmLoginIT {

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWarmLoginServesAStart() throws Exception {
        RedisServer redis = running.track(RedisServer.start());
        int management = RedisServer.freePort();
        AppProcess app = running.track(AppProcess.start("warm", "all", redis, "it-" + System.nanoTime(),
                AppProcess.env("LOGIN_MODE", "page", "BROWSER_WARM_LOGINS", "1", "QUARKUS_MANAGEMENT_PORT",
                        Integer.toString(management))));
        String metricsUrl = "http://127.0.0.1:" + management + "/q/metrics";
        ItJobs.await(() -> metric(metricsUrl, "provtid_login_warm", Map.of()) == 1);
        List<Map<String, Object>> before = sessions(app, null);
        assertEquals(1, before.size(), "one context opened ahead: " + before);
        assertTrue(((Number) before.getFirst().get("asset_loads")).intValue() >= 1, "its app ran: " + before);

        ItJobs jobs = new ItJobs(app);
        JsonPath started = jobs.start("Uppsala", "high");
        try (SseClient stream = jobs.logIn(started, "199003033333")) {
            stream.await("booking_completed", ItJobs.LONG);
        }
        List<Map<String, Object>> mine = sessions(app, "199003033333");
        assertEquals(1, mine.size(), "the job's one site session: " + mine);
        assertEquals(before.getFirst().get("session"), mine.getFirst().get("session"),
                "the job logged in in the session opened ahead");
        assertEquals(1, ((Number) mine.getFirst().get("page_loads")).intValue(),
                "the job did not load the app again: " + mine);
        assertEquals(1.0, metric(metricsUrl, "provtid_logins_total", Map.of("way", "warm")));
        ItJobs.await(() -> metric(metricsUrl, "provtid_login_warm", Map.of()) == 1 && sessions(app, null).size() == 2);
    }

    private static List<Map<String, Object>> sessions(AppProcess app, String person) {
        var req = given().baseUri(app.url()).queryParam("by", "session");
        if (person != null) {
            req.queryParam("personal_number", person);
        }
        return req.get("/sim/admin/requests").then().statusCode(200).extract().jsonPath().getList("sessions");
    }

    private double metric(String url, String name, Map<String, String> labels) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return PromText.value(text, name, labels);
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
