package se.provtid.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.provtid.support.TestChromium;
import se.provtid.support.TestJobs;

/**
 * A browser frontend on another origin, in real headless Chromium: the allowed origin starts a job with fetch and
 * follows it with EventSource; another origin gets nothing.
 */
@QuarkusTest
@TestProfile(CorsProfile.class)
class CorsTests {

    private static final String PAGE = "<!doctype html><html><head><title>frontend</title></head><body>"
            + "<p>A frontend on another origin.</p></body></html>";

    /** Starts a job, reads the problem of an unauthorised call, and collects stream events; all from the page. */
    private static final String SCRIPT = """
            async ({api, token, body}) => {
              const out = {};
              const res = await fetch(api + '/api/v1/booking/start', {method: 'POST',
                  headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json',
                            'Idempotency-Key': 'cors-' + Date.now()},
                  body: JSON.stringify(body)});
              out.status = res.status;
              out.location = res.headers.get('Location');
              const started = await res.json();
              out.jobId = started.job_id;
              const denied = await fetch(api + '/api/v1/booking/status/' + started.job_id);
              out.deniedStatus = denied.status;
              out.deniedType = denied.headers.get('Content-Type');
              out.denied = await denied.json();
              out.events = await new Promise(resolve => {
                const events = [];
                const es = new EventSource(api + started.stream_url);
                const done = () => { es.close(); resolve(events); };
                const timer = setTimeout(done, 60000);
                for (const type of ['status_update', 'qr_code_update']) {
                  es.addEventListener(type, e => {
                    events.push({type, data: JSON.parse(e.data)});
                    if (type === 'qr_code_update') { clearTimeout(timer); done(); }
                  });
                }
                es.onerror = () => events.push({type: 'error'});
              });
              return out;
            }
            """;

    /** What a page on a refused origin sees of the same calls. */
    private static final String REFUSED = """
            async ({api, token, streamUrl}) => {
              const out = {};
              try {
                await fetch(api + '/api/v1/booking/start', {method: 'POST',
                    headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}, body: '{}'});
                out.fetch = 'resolved';
              } catch (e) {
                out.fetch = 'rejected: ' + e.name;
              }
              out.events = await new Promise(resolve => {
                const events = [];
                const es = new EventSource(api + streamUrl);
                es.addEventListener('status_update', e => events.push('status_update'));
                es.onerror = () => { events.push('error'); es.close(); resolve(events); };
                setTimeout(() => { es.close(); resolve(events); }, 10000);
              });
              return out;
            }
            """;

    private static Playwright playwright;
    private static Browser browser;
    private static HttpServer allowed;
    private static HttpServer refused;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL app;

    @BeforeAll
    static void launch() throws IOException {
        allowed = page(CorsProfile.pagePort());
        refused = page(0);
        playwright = TestChromium.playwright();
        browser = TestChromium.launch(playwright);
    }

    private static HttpServer page(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterAll
    static void close() {
        if (playwright != null) {
            playwright.close();
        }
        for (HttpServer s : new HttpServer[] {allowed, refused}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    private String api() {
        return "http://127.0.0.1:" + app.getPort();
    }

    private static String origin(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private static Map<String, Object> startBody() {
        return Map.of("user_id", "cors-" + System.nanoTime(), "license_type", "B", "exam_type", "Körprov",
                "locations", List.of("Uppsala"), "date_ranges", List.of(Map.of("start",
                        TestJobs.TODAY.plusDays(1).toString(), "end", TestJobs.TODAY.plusDays(30).toString())),
                "auto_book", false, "priority", "high");
    }

    @Test
    void theAllowedOriginStartsAJobAndFollowsItsStream() throws Exception {
        String jobId = null;
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(origin(allowed) + "/");
            Object raw = page.evaluate(SCRIPT, Map.of("api", api(), "token", TestJobs.TOKEN, "body", startBody()));
            JsonNode out = JSON.valueToTree(raw);
            assertEquals(202, out.path("status").asInt(), out.toString());
            jobId = out.path("jobId").asText();
            assertEquals("/api/v1/booking/status/" + jobId, out.path("location").asText().replaceAll("^https?://[^/]+", ""),
                    "Location is exposed");
            assertEquals(401, out.path("deniedStatus").asInt(), out.toString());
            assertTrue(out.path("deniedType").asText().startsWith("application/problem+json"), out.toString());
            assertEquals("https://provtid.se/problems/unauthorized", out.path("denied").path("type").asText());
            assertEquals("Authorization", out.path("denied").path("field").asText());
            JsonNode events = out.path("events");
            JsonNode status = first(events, "status_update");
            assertFalse(status.isMissingNode(), "a status_update arrives: " + events);
            assertEquals(jobId, status.path("data").path("job_id").asText());
            JsonNode qr = first(events, "qr_code_update");
            assertFalse(qr.isMissingNode(), "a qr_code_update arrives: " + events);
            assertTrue(qr.path("data").path("data").path("qr_payload").asText().startsWith("bankid."), qr.toString());
            assertTrue(qr.path("data").path("data").path("qr_code_data").asText().startsWith("data:image/png"));
        } finally {
            if (jobId != null) {
                given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/booking/cancel/" + jobId);
            }
        }
    }

    private static JsonNode first(JsonNode events, String type) {
        for (JsonNode e : events) {
            if (type.equals(e.path("type").asText())) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void anotherOriginGetsNothing() {
        String streamUrl = given().auth().oauth2(TestJobs.TOKEN).contentType("application/json").body(startBody())
                .post("/api/v1/booking/start").then().statusCode(202).extract().path("stream_url");
        String jobId = streamUrl.replaceAll(".*/stream/([^?]+).*", "$1");
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(origin(refused) + "/");
            JsonNode out = JSON.valueToTree(page.evaluate(REFUSED,
                    Map.of("api", api(), "token", TestJobs.TOKEN, "streamUrl", streamUrl)));
            assertEquals("rejected: TypeError", out.path("fetch").asText(), out.toString());
            assertFalse(out.path("events").toString().contains("status_update"), out.toString());
        } finally {
            given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/booking/cancel/" + jobId);
        }
        // What the server answers there: a refusal, with no CORS headers.
        given().header("Origin", origin(refused)).auth().oauth2(TestJobs.TOKEN).get("/api/v1/booking/status/" + jobId)
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aPreflightIsAnsweredBeforeAuthentication() {
        given().header("Origin", origin(allowed)).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/v1/booking/start").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(origin(allowed)))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"))
                .header("Access-Control-Allow-Headers", containsString("Last-Event-ID"))
                .header("Access-Control-Allow-Credentials", equalTo("false"));
        given().header("Origin", origin(allowed)).get("/api/v1/booking/status/job_nope").then().statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(origin(allowed)))
                .header("Access-Control-Expose-Headers", containsString("Location"));
        // Refused before the body is read (BodyLimit), still readable by the page.
        given().header("Origin", origin(allowed)).auth().oauth2(TestJobs.TOKEN).contentType("application/json")
                .body(new byte[70_000]).post("/api/v1/booking/start").then().statusCode(413)
                .header("Access-Control-Allow-Origin", equalTo(origin(allowed)));
    }

    @Test
    void swaggerUiIsOffUnlessAskedForButTheDocumentIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/swagger-ui").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200);
    }
}
