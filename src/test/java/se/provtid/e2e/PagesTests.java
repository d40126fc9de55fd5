package se.provtid.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.queue.RedisKeys;
import se.provtid.queue.SitePacer;
import se.provtid.support.BrowserExtension;
import se.provtid.support.DroppingProxy;
import se.provtid.support.QrDecoder;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/**
 * The reference frontend (/app/) and the operator dashboard (/dashboard/) in real Chromium against the running
 * app: the worker's own Chromium drives the simulated site, the page draws the QR it streams, and the simulated
 * BankID app scans it.
 */
@QuarkusTest
class PagesTests {

    private static final String TOKEN = TestJobs.TOKEN;
    private static final double FLOW_MS = 60_000;
    @RegisterExtension
    static final BrowserExtension chromium = new BrowserExtension();

    @TestHTTPResource("/")
    URL root;

    @Inject
    SitePacer pacer;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @BeforeAll
    static void patience() {
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void thePagesLoadWithoutTheTokenWhileTheApiStaysGuarded() {
        given().get("/app/").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .body(org.hamcrest.Matchers.containsString("data-testid=\"start-form\""));
        given().get("/app/app.js").then().statusCode(200);
        given().get("/app/qrcode.js").then().statusCode(200);
        given().get("/dashboard/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("data-testid=\"jobs-table\""));
        given().get("/dashboard/dashboard.js").then().statusCode(200);
        given().get("/shared/i18n.js").then().statusCode(200);
        given().get("/api/v1/stats").then().statusCode(401);
        given().get("/app/../api/v1/stats").then().statusCode(401);
        given().get("/app//api/v1/jobs").then().statusCode(org.hamcrest.Matchers.oneOf(401, 404));
    }

    @Test
    void aPersonStartsScansWithTheSimulatedAppAndSeesTheBooking() throws Exception {
        try (BrowserContext context = chromium.newContext("sv-SE")) {
            Page page = openApp(context, base());
            fillForm(page, "Uppsala, Stockholm", true);
            page.getByTestId("start-button").click();
            String jobId = awaitQr(page);

            assertThat(page.getByText("Starta BankID-appen och skanna QR-koden")).isVisible();
            assertThat(page.getByTestId("qr-countdown")).hasText(Pattern.compile("^[23]:\\d\\d$"));
            try (SseClient sse = SseClient.open(base() + "/api/v1/booking/stream/" + jobId, null, TOKEN)) {
                List<String> seen = new ArrayList<>();
                drainQr(sse, seen, Duration.ofSeconds(10));
                int current = seen.size() - 1; // the job's current code as the screenshot starts
                String drawn = QrDecoder.decodePng(page.getByTestId("qr").screenshot());
                drainQr(sse, seen, Duration.ofMillis(300));
                // The page may draw a code a moment after the stream sent it (and the screenshot takes a while on a
                // busy machine), so it must show the current code, the one just before it, or a newer one.
                assertTrue(seen.subList(Math.max(0, current - 1), seen.size()).contains(drawn),
                        "the drawn QR " + drawn + " is not the job's current code; seen " + seen + ", current "
                                + seen.get(current));
                Thread.sleep(1_500);
                String later = QrDecoder.decodePng(page.getByTestId("qr").screenshot());
                assertNotEquals(drawn, later, "the QR is redrawn with each new code");
            }

            scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("completed", timeout());
            JsonPath status = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then()
                    .statusCode(200).body("status", equalTo("completed")).extract().jsonPath();
            Locator result = page.getByTestId("booking-result");
            assertThat(result).containsText(status.getString("booking_result.location"));
            assertThat(result).containsText(writtenInSwedish(status.getString("booking_result.exam_date")));
            assertThat(result).containsText(status.getString("booking_result.booking_id"));
            assertEquals(1, TestJobs.siteBookings().size());
            List<String> steps = timeline(page);
            assertTrue(steps.indexOf("authenticating") < steps.indexOf("searching")
                    && steps.indexOf("searching") < steps.indexOf("booking")
                    && steps.indexOf("booking") < steps.indexOf("completed") && steps.indexOf("authenticating") >= 0,
                    steps.toString());
            assertThat(page.getByTestId("cancel-button")).isHidden();
            assertThat(page.getByTestId("qr")).isHidden();
        }
    }

    @Test
    void withoutAutoBookThePersonConfirmsTheHeldSlot() {
        try (BrowserContext context = chromium.newContext("sv-SE")) {
            Page page = openApp(context, base());
            fillForm(page, "Göteborg", false);
            page.getByTestId("start-button").click();
            String jobId = awaitQr(page);
            scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("awaiting_confirmation", timeout());
            assertThat(page.getByTestId("held-slot")).containsText("Göteborg");
            assertEquals(0, TestJobs.siteBookings().size(), "nothing is booked before confirm");
            String heldDate = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then()
                    .extract().jsonPath().getString("held_slot.date");

            page.getByTestId("confirm-button").click();
            assertThat(page.getByTestId("job-status")).hasText("completed", timeout());
            assertThat(page.getByTestId("booking-result")).containsText(writtenInSwedish(heldDate));
            assertThat(page.getByTestId("confirm-button")).isHidden();
            assertEquals(1, TestJobs.siteBookings().size());
        }
    }

    @Test
    void cancelStopsTheJob() {
        try (BrowserContext context = chromium.newContext("en-GB")) {
            Page page = openApp(context, base());
            fillForm(page, "Malmö", true);
            page.getByTestId("start-button").click();
            String jobId = awaitQr(page);
            page.getByTestId("cancel-button").click();
            assertThat(page.getByTestId("job-status")).hasText("cancelled", timeout());
            assertThat(page.getByTestId("error-message")).containsText("The job was cancelled.");
            assertThat(page.getByTestId("cancel-button")).isHidden();
            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then()
                    .body("status", equalTo("cancelled"));
        }
    }

    @Test
    void aFailedJobIsExplainedInASentence() {
        try (BrowserContext context = chromium.newContext("en-GB")) {
            Page page = openApp(context, base());
            // A misspelt place is refused at start, with the closest known name from the server's problem.
            fillForm(page, "Stokholm", true);
            page.getByTestId("start-button").click();
            // The page's own words for the field and the rule; the suggestion comes from the problem's params.
            assertThat(page.getByTestId("form-error")).containsText("Check the fields: Test location 1: “Stokholm”");
            assertThat(page.getByTestId("form-error")).containsText("Did you mean Stockholm");
            // Sollentuna is in Provtid's catalogue but not among the simulated site's places: it fails after login.
            fillForm(page, "Sollentuna", true);
            page.getByTestId("start-button").click();
            awaitQr(page);
            scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("failed", timeout());
            Locator error = page.getByTestId("error-message");
            assertThat(error).containsText("One of the test locations is not among Trafikverket's: Sollentuna.");
            assertFalse(error.innerText().startsWith("unknown_location"), error.innerText());
        }
    }

    @Test
    void aDroppedStreamResumesWithoutLosingAStep() throws Exception {
        try (DroppingProxy proxy = new DroppingProxy(root.getPort());
                BrowserContext context = chromium.newContext("sv-SE")) {
            Page page = openApp(context, "http://127.0.0.1:" + proxy.port());
            fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            String jobId = awaitQr(page);
            List<String> before = timeline(page);

            try (SseClient sse = SseClient.open(base() + "/api/v1/booking/stream/" + jobId, null, TOKEN)) {
                proxy.drop(); // every later step happens while the page is offline
                assertThat(page.getByTestId("connection")).hasText("Tappade anslutningen, återansluter…");
                TestJobs.scanNextQr(sse);
                sse.await("booking_completed", TestJobs.WAIT);
            }
            assertThat(page.getByTestId("job-status")).hasText("authenticating");
            proxy.restore();

            assertThat(page.getByTestId("job-status")).hasText("completed", timeout());
            assertThat(page.getByTestId("booking-result")).isVisible();
            List<String> after = timeline(page);
            assertEquals(before, after.subList(0, before.size()), "the steps seen before the drop stay");
            try (SseClient all = SseClient.open(base() + "/api/v1/booking/stream/" + jobId, "0-0", TOKEN)) {
                List<String> server = new ArrayList<>();
                for (SseClient.Event e : all.awaitEnd(Duration.ofSeconds(10))) {
                    String s = e.data().path("status").asText("");
                    if (e.type().equals("status_update") && (server.isEmpty() || !server.getLast().equals(s))) {
                        server.add(s);
                    }
                }
                assertEquals(server.subList(server.indexOf("authenticating"), server.size()),
                        after.subList(after.indexOf("authenticating"), after.size()),
                        "every step after the drop arrives once, in order");
            }
        }
    }

    @Test
    void aRefusedReconnectRenewsTheStreamUrl() {
        try (DroppingProxy proxy = new DroppingProxy(root.getPort());
                BrowserContext context = chromium.newContext("sv-SE")) {
            Page page = openApp(context, "http://127.0.0.1:" + proxy.port());
            List<String> renewals = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onRequest(r -> {
                if (r.url().contains("/api/v1/booking/stream-url/")) {
                    renewals.add(r.method() + " " + r.url());
                }
            });
            fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            String jobId = awaitQr(page);
            assertTrue(renewals.isEmpty(), renewals.toString());

            proxy.spoilNextStreamToken(); // the browser's own reconnect is refused, as with an expired token
            proxy.drop();
            proxy.restore();
            page.waitForCondition(() -> !renewals.isEmpty(), new Page.WaitForConditionOptions().setTimeout(FLOW_MS));
            assertTrue(renewals.getFirst().startsWith("POST ") && renewals.getFirst().endsWith(jobId),
                    renewals.toString());
            assertThat(page.getByTestId("connection")).hasText("Live");
            scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("completed", timeout());
            assertThat(page.getByTestId("booking-result")).isVisible();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One language for both pages (the shared i18n script): chosen on the booking page, the dashboard opens in it. */
    @Test
    void theLanguageChosenOnOnePageHoldsOnTheOther() {
        try (BrowserContext context = chromium.newContext("sv-SE")) {
            Page page = context.newPage();
            page.navigate(base() + "/app/");
            Locator title = page.locator("h1 [data-i18n=title]");
            Locator toggle = page.getByTestId("language-toggle");
            assertThat(title).hasText("Boka uppkörning");
            toggle.click();
            assertThat(title).hasText("Book a driving test");
            assertThat(toggle).hasText("Svenska");
            assertThat(page.locator("html")).hasAttribute("lang", "en");
            page.navigate(base() + "/dashboard/");
            assertThat(title).hasText("Operations");
            assertThat(toggle).hasText("Svenska");
            toggle.click();
            assertThat(title).hasText("Driftvy");
            assertThat(toggle).hasText("English");
            assertThat(page.locator("html")).hasAttribute("lang", "sv");
        }
    }

    @Test
    void theDashboardShowsTheSitePauseAndPace() {
        pacer.pauseFleet(Duration.ofSeconds(20)); // as a worker does after the site answered 429
        try (BrowserContext context = chromium.newContext("en-GB")) {
            Page page = context.newPage();
            page.navigate(base() + "/dashboard/");
            page.getByTestId("api-token").fill(TOKEN);
            page.getByTestId("api-token").press("Enter");
            assertThat(page.getByTestId("site-state")).containsText("Paused until");
            assertThat(page.getByTestId("site-pace")).containsText("20 requests/s for the whole fleet");
        } finally {
            redis.key().del(keys.sitePause());
        }
        given().auth().oauth2(TOKEN).get("/health/detailed").then().body("site.paused", equalTo(false));
    }

    @Test
    void theDashboardShowsTheJobAndItsCountsMove() {
        try (BrowserContext context = chromium.newContext("en-GB")) {
            Page page = context.newPage();
            page.navigate(base() + "/dashboard/");
            page.getByTestId("api-token").fill(TOKEN);
            page.getByTestId("api-token").press("Enter");
            Locator running = page.getByTestId("running-count");
            assertThat(running).hasText("0", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
            int finishedBefore = Integer.parseInt(page.getByTestId("finished-day").innerText().trim());
            assertThat(page.locator("[data-testid=workers-table] tr[data-worker-id]").first()).isVisible();
            assertThat(page.getByTestId("dead-letters")).isVisible();

            JsonPath started = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10),
                    TestJobs.TODAY.plusDays(40), true);
            String jobId = started.getString("job_id");
            Locator row = page.locator("[data-testid=jobs-table] tr[data-job-id='" + jobId + "']");
            assertThat(row).isVisible();
            assertThat(running).hasText("1");
            assertThat(row).hasAttribute("data-status", "authenticating", // the first job of a run waits for a browser
                    new LocatorAssertions.HasAttributeOptions().setTimeout(FLOW_MS));
            assertThat(row.getByTestId("job-status")).hasText("Waiting for BankID"); // a word, not the wire name

            row.click();
            Locator detail = page.getByTestId("detail-timeline");
            Locator last = detail.locator("li[data-event-type=status_update]").last();
            assertThat(last).hasAttribute("data-status", "authenticating");
            assertThat(last).containsText("Waiting for BankID");
            assertThat(detail).containsText("QR codes shown");
            assertFalse(detail.innerText().contains("bankid."), "the dashboard never shows a live QR code");

            given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + jobId).then().statusCode(200);
            assertThat(row.getByTestId("job-status")).hasText("Cancelled");
            assertThat(page.getByTestId("finished-day")).hasText(Integer.toString(finishedBefore + 1));
            assertThat(running).hasText("0");
            assertThat(detail.locator("li[data-event-type=job_cancelled]")).isVisible();
        }
    }

    /**
     * Watching jobs (issue 20) have a tile of their own and are not running: counted among the newest jobs listed
     * while /api/v1/stats has no fleet-wide count, and that count when it has one. The job list and the counts are
     * the server's, with a watching job added in the browser (this needs no server side of the watch).
     */
    @Test
    void theDashboardCountsWatchingJobsApartFromRunningOnes() {
        ObjectMapper mapper = new ObjectMapper();
        String watchingId = "job_0123456789abcdef0123wtch";
        java.util.concurrent.atomic.AtomicReference<Integer> fleetWatching = new java.util.concurrent.atomic.AtomicReference<>();
        try (BrowserContext context = chromium.newContext("en-GB")) {
            Page page = context.newPage();
            page.route(u -> u.contains("/api/v1/jobs?limit=50"), r -> rewrite(mapper, r, body -> {
                ObjectNode job = ((ArrayNode) body.get("jobs")).insertObject(0);
                job.put("job_id", watchingId).put("user_id", "web-watching").put("status", "watching")
                        .put("message", "Watching").put("progress", 40).put("attempts", 1)
                        .put("created_at", java.time.Instant.now().toString())
                        .put("updated_at", java.time.Instant.now().toString());
            }));
            page.route(u -> u.endsWith("/api/v1/stats"), r -> rewrite(mapper, r, body -> {
                body.remove("watching");
                if (fleetWatching.get() != null) {
                    body.put("watching", fleetWatching.get());
                }
            }));
            page.navigate(base() + "/dashboard/");
            page.getByTestId("api-token").fill(TOKEN);
            page.getByTestId("api-token").press("Enter");
            Locator row = page.locator("[data-testid=jobs-table] tr[data-job-id='" + watchingId + "']");
            assertThat(row).hasAttribute("data-status", "watching");
            assertThat(row.getByTestId("job-status")).hasText("Watching");
            assertThat(page.getByTestId("watching-count")).hasText("1");
            assertThat(page.getByTestId("watching-scope")).containsText("of the");
            assertFalse(page.getByTestId("running-by-phase").innerText().contains("Watching"), "watching is not running");

            fleetWatching.set(7);
            assertThat(page.getByTestId("watching-count")).hasText("7", new LocatorAssertions.HasTextOptions()
                    .setTimeout(20_000));
            assertThat(page.getByTestId("watching-scope")).hasText("all jobs");
            page.getByTestId("language-toggle").click();
            assertThat(row.getByTestId("job-status")).hasText("Bevakar");
        }
    }

    /** Answers a route with the server's own JSON answer, changed by `edit`. */
    private static void rewrite(ObjectMapper mapper, com.microsoft.playwright.Route route,
            java.util.function.Consumer<ObjectNode> edit) {
        com.microsoft.playwright.APIResponse real = route.fetch();
        try {
            ObjectNode body = (ObjectNode) mapper.readTree(real.body());
            edit.accept(body);
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setResponse(real)
                    .setBody(mapper.writeValueAsString(body)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * At 390×844 on a touch phone the jobs table is a list of cards: every job's status is on screen within the
     * width, in the page's language, and nothing makes the page scroll sideways; at 1280×800 it is a table again.
     */
    @Test
    void theDashboardAtPhoneWidthShowsEachJobsStatus() {
        List<String> ids = new ArrayList<>();
        for (String place : List.of("Uppsala", "Stockholm", "Göteborg")) {
            ids.add(TestJobs.start(List.of(place), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40), true)
                    .getString("job_id"));
        }
        given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + ids.getFirst()).then().statusCode(200);
        try (BrowserContext phone = chromium.browser().newContext(new Browser.NewContextOptions().setLocale("sv-SE")
                .setViewportSize(390, 844).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2))) {
            Page page = dashboardWithToken(phone);
            Locator rows = page.locator("[data-testid=jobs-table] tr[data-job-id]");
            for (String id : ids) {
                assertThat(rows.and(page.locator("[data-job-id='" + id + "']"))).isVisible();
            }
            assertThat(page.locator("[data-job-id='" + ids.getFirst() + "'] [data-testid=job-status]"))
                    .hasText("Avbrutet");
            assertFalse(page.locator("[data-testid=jobs-table] thead").isVisible(), "a phone shows cards, not columns");
            // The dashboard redraws its rows as it polls, so every row's status is read in one script run: a row
            // handle read between two redraws would be gone. Horizontal placement does not depend on vertical scroll.
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> boxes = (List<Map<String, Object>>) page.evaluate("""
                    () => [...document.querySelectorAll('[data-testid=jobs-table] tr[data-job-id] [data-testid=job-status]')]
                        .map(e => { const r = e.getBoundingClientRect();
                                    return {x: r.x, width: r.width, word: e.innerText}; })""");
            assertTrue(boxes.size() >= ids.size(), "a status for every job: " + boxes);
            for (Map<String, Object> box : boxes) {
                double x = ((Number) box.get("x")).doubleValue();
                double width = ((Number) box.get("width")).doubleValue();
                String word = (String) box.get("word");
                assertTrue(x >= 0 && x + width <= 390, "status '" + word + "' lies outside 0..390: " + x + "+" + width);
                assertTrue(width > 20, "status too narrow to read: " + width);
                assertFalse(word.contains("_"), "a word, not a wire name: " + word);
            }
            assertNoSidewaysScroll(page);
            page.locator("[data-job-id='" + ids.getFirst() + "']").tap();
            assertThat(page.getByTestId("detail-timeline").locator("li[data-event-type=job_cancelled]")).isVisible();
            assertThat(page.getByTestId("job-detail")).isInViewport();
            assertNoSidewaysScroll(page);
        }
        try (BrowserContext desktop = chromium.browser().newContext(new Browser.NewContextOptions()
                .setLocale("en-GB").setViewportSize(1280, 800))) {
            Page page = dashboardWithToken(desktop);
            assertThat(page.locator("[data-testid=jobs-table] thead")).isVisible();
            Locator cancelled = page.locator("[data-job-id='" + ids.getFirst() + "'] [data-testid=job-status]");
            assertThat(cancelled).hasText("Cancelled");
            var status = cancelled.boundingBox();
            var id = page.locator("[data-job-id='" + ids.getFirst() + "'] td").first().boundingBox();
            assertEquals(id.y, status.y, 1.0, "one line per job on a desktop: the status beside the job id");
            assertNoSidewaysScroll(page);
        }
    }

    private Page dashboardWithToken(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(base() + "/dashboard/");
        page.getByTestId("api-token").fill(TOKEN);
        page.getByTestId("api-token").press("Enter");
        assertThat(page.locator("[data-testid=jobs-table] tr[data-job-id]").first()).isVisible();
        assertThat(page.locator("[data-testid=workers-table] tr[data-worker-id]").first()).isVisible();
        return page;
    }

    private static void assertNoSidewaysScroll(Page page) {
        Object widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        List<?> w = (List<?>) widths;
        assertTrue(((Number) w.get(0)).intValue() <= ((Number) w.get(1)).intValue(),
                "the page scrolls sideways: scrollWidth " + w.get(0) + " > viewport " + w.get(1));
    }

    @Test
    void binScanScansTheJobsCurrentCode() throws Exception {
        JsonPath started = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40),
                true);
        String jobId = started.getString("job_id");
        try (SseClient sse = TestJobs.stream(root, started)) {
            sse.await("qr_code_update", TestJobs.WAIT);
            Thread.sleep(3_500); // the first code is stale by now: the script must read the current one
            String[] scan = binScan(jobId, "199001011234");
            assertEquals("0", scan[0], scan[1]);
            assertTrue(scan[1].contains("\"approved\""), scan[1]);
            sse.await("booking_completed", TestJobs.WAIT);
        }
        assertEquals("199001011234", TestJobs.siteBookings().getFirst().get("personal_number"));
    }

    /** bin/scan tells an unknown job and a finished one apart from one still on its way to BankID, at once. */
    @Test
    void binScanSaysNoSuchJobAndAlreadyFinished() throws Exception {
        String[] unknown = binScan("job_000000000000000000000000");
        assertEquals("1", unknown[0], unknown[1]);
        assertTrue(unknown[1].contains("no such job: job_000000000000000000000000"), unknown[1]);

        String jobId = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40),
                true).getString("job_id");
        given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + jobId).then().statusCode(200);
        String[] finished = binScan(jobId);
        assertEquals("1", finished[0], finished[1]);
        // Neither waited for a QR code that cannot come: that wait ends in "no QR code ... within 20 s" instead.
        assertTrue(finished[1].contains("already finished (cancelled)"), finished[1]);
    }

    /** Runs bin/scan against this app with these arguments: {exit code, output}. */
    private String[] binScan(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/scan"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("BASE", base());
        pb.environment().put("API_SECRET_TOKEN", TOKEN);
        Process scan = pb.start();
        scan.getOutputStream().close();
        String out = new String(scan.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        scan.waitFor();
        return new String[] {Integer.toString(scan.exitValue()), out};
    }

    /** docs/api.md promises exactly these SSE fields: id, event and data, and comment lines. */
    @Test
    void theStreamSendsOnlyIdEventAndDataLines() throws Exception {
        JsonPath started = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40),
                true);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + started.getString("stream_url")))
                .build();
        var client = java.net.http.HttpClient.newHttpClient();
        try {
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
            try (var lines = response.body()) {
                List<String> first = new ArrayList<>();
                var it = lines.iterator();
                while (it.hasNext()) { // the first event: up to its blank line
                    String line = it.next();
                    if (line.isEmpty()) {
                        break;
                    }
                    first.add(line);
                }
                assertEquals(List.of("id", "event", "data"), first.stream().map(l -> l.substring(0, l.indexOf(':')))
                        .sorted(java.util.Comparator.comparing(List.of("id", "event", "data")::indexOf)).toList(),
                        first.toString());
                assertTrue(first.contains("event:status_update"), first.toString());
            }
        } finally {
            client.shutdownNow();
            given().auth().oauth2(TOKEN).post("/api/v1/booking/cancel/" + started.getString("job_id"));
        }
    }

    /** A test that failed half-way must not leave a running job behind for the next (the dashboard counts them). */
    @AfterEach
    void cancelWhatStillRuns() {
        List<Map<String, Object>> jobs = given().auth().oauth2(TOKEN).get("/api/v1/jobs?limit=100").then()
                .statusCode(200).extract().jsonPath().getList("jobs");
        jobs.stream().filter(j -> !List.of("completed", "failed", "cancelled", "expired").contains(j.get("status")))
                .forEach(j -> given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("force", true))
                        .post("/api/v1/booking/cancel/" + j.get("job_id")));
    }

    /**
     * Presses the demo's scan button as a person scans: a code that was no longer current when it reached the page (a
     * stream just back from a drop shows its last code until the next arrives) is refused, and they scan again.
     */
    static void scanWithTheSimulatedApp(Page page) {
        Locator note = page.getByTestId("sim-scan-note");
        for (int tries = 0; tries < 5; tries++) {
            page.getByTestId("sim-scan-button").click();
            page.waitForCondition(() -> !note.textContent().isBlank(),
                    new Page.WaitForConditionOptions().setTimeout(FLOW_MS));
            if (note.textContent().contains("BankID godkände") || note.textContent().contains("BankID approved")) {
                return;
            }
            page.waitForTimeout(1_100); // the next code
        }
        throw new AssertionError("the simulated BankID app refused every code: " + note.textContent());
    }

    private String base() {
        return root.toString().replaceAll("/+$", "");
    }

    private static LocatorAssertions.HasTextOptions timeout() {
        return new LocatorAssertions.HasTextOptions().setTimeout(FLOW_MS);
    }

    static Page openApp(BrowserContext context, String base) {
        Page page = context.newPage();
        page.navigate(base + "/app/");
        page.getByTestId("api-token").fill(TOKEN);
        return page;
    }

    static void fillForm(Page page, String locations, boolean autoBook) {
        page.getByTestId("field-locations").fill(locations);
        page.getByTestId("field-date-from").fill(TestJobs.TODAY.plusDays(10).toString());
        page.getByTestId("field-date-to").fill(TestJobs.TODAY.plusDays(40).toString());
        page.getByTestId("field-auto-book").setChecked(autoBook);
    }

    /** Waits until the page shows the job's QR code; returns the job's id. */
    static String awaitQr(Page page) {
        assertThat(page.getByTestId("job-status")).hasText("authenticating", timeout());
        assertThat(page.getByTestId("qr")).isVisible();
        assertThat(page.getByTestId("sim-scan-button")).isVisible();
        return page.locator("#job").getAttribute("data-job-id");
    }

    static List<String> timeline(Page page) {
        return page.locator("[data-testid=timeline] li").all().stream().map(li -> li.getAttribute("data-status"))
                .toList();
    }

    /** Reads every QR payload the stream has sent so far (at least one within `first`) into `seen`. */
    private static void drainQr(SseClient sse, List<String> seen, Duration first) throws InterruptedException {
        Duration wait = seen.isEmpty() ? first : Duration.ofMillis(300);
        while (true) {
            try {
                seen.add(sse.await("qr_code_update", wait).data().path("qr_payload").asText());
            } catch (AssertionError none) {
                return;
            }
            wait = Duration.ofMillis(300);
        }
    }

    /** A site date as the page writes it in Swedish ("18 december"; the year follows only when it is not this one). */
    static String writtenInSwedish(String isoDate) {
        return LocalDate.parse(isoDate).format(DateTimeFormatter.ofPattern("d MMMM", Locale.forLanguageTag("sv")));
    }
}
