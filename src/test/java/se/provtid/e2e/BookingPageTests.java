package se.provtid.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.BoundingBox;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.BrowserExtension;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/**
 * The booking page (/app/) as a person meets it, in real Chromium on a phone (390×844, touch) and a desktop
 * (1280×800) against the running app and its simulator: the next step in view after Start, BankID on the same
 * device, one language all the way through (server texts included), and one live job at a time.
 */
@QuarkusTest
class BookingPageTests {

    private static final String TOKEN = TestJobs.TOKEN;
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final List<String> FINAL = List.of("completed", "failed", "cancelled", "expired");

    @RegisterExtension
    static final BrowserExtension chromium = new BrowserExtension();

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void patience() {
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @AfterEach
    void cancelWhatStillRuns() {
        List<Map<String, Object>> jobs = given().auth().oauth2(TOKEN).get("/api/v1/jobs?limit=100").then()
                .statusCode(200).extract().jsonPath().getList("jobs");
        jobs.stream().filter(j -> !FINAL.contains(j.get("status")))
                .forEach(j -> given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("force", true))
                        .post("/api/v1/booking/cancel/" + j.get("job_id")));
    }

    @Test
    void onAPhoneTheQrOrTheBankIdButtonIsInViewAfterStart() {
        try (BrowserContext context = phone("sv-SE", "Europe/Stockholm")) {
            Page page = PagesTests.openApp(context, base());
            PagesTests.fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            PagesTests.awaitQr(page);
            Locator next = page.getByTestId("autostart-button").isVisible() ? page.getByTestId("autostart-button")
                    : page.getByTestId("qr");
            assertInView(page, next);
            assertThat(page.getByTestId("form-summary")).isVisible();
            assertThat(page.getByTestId("form-summary")).containsText("Uppsala");
            assertThat(page.getByTestId("start-form")).isHidden();
            page.getByTestId("edit-button").click(); // the form comes back on request
            assertThat(page.getByTestId("field-locations")).isVisible();
        }
    }

    /** Needs the same-device branch: autostart_url in qr_code_update and POST /sim/bankid/open. */
    @Test
    void onAPhoneTheSameDeviceLoginComesFirstAndBooks() {
        try (BrowserContext context = phone("sv-SE", "Europe/Stockholm")) {
            Page page = PagesTests.openApp(context, base());
            PagesTests.fillForm(page, "Uppsala, Stockholm", true);
            page.getByTestId("start-button").click();
            String jobId = PagesTests.awaitQr(page);
            Locator here = page.getByTestId("autostart-button");
            assertThat(here).isVisible();
            assertThat(here).hasText("Öppna BankID på den här enheten");
            assertThat(here).hasAttribute("href", Pattern.compile("^bankid:///\\?autostarttoken=[^&]+&redirect=null$"));
            assertThat(page.getByTestId("or-scan")).hasText("…eller skanna QR-koden med BankID på en annan enhet");
            assertInView(page, here);
            assertTrue(here.boundingBox().y < page.getByTestId("qr").boundingBox().y, "on a phone the button comes first");

            Locator note = page.getByTestId("sim-scan-note");
            page.getByTestId("sim-open-button").click();
            assertThat(note).hasText("Öppnad: BankID godkände inloggningen.");
            assertThat(page.getByTestId("job-status")).hasText("completed", slow());
            assertThat(page.getByTestId("booking-result")).containsText("Bokat:");
            assertEquals(1, TestJobs.siteBookings().size());
            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then()
                    .body("status", equalTo("completed"));
        }
    }

    /** Needs the same-device branch. On a desktop the QR comes first and the same device is a link after it. */
    @Test
    void onADesktopTheQrComesFirstAndTheSameDeviceIsALink() {
        try (BrowserContext context = desktop("en-GB")) {
            Page page = PagesTests.openApp(context, base());
            PagesTests.fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            PagesTests.awaitQr(page);
            Locator here = page.getByTestId("autostart-button");
            assertThat(here).hasText("Open BankID on this device");
            assertThat(here).hasAttribute("href", Pattern.compile("^bankid:///\\?autostarttoken="));
            assertTrue(page.getByTestId("qr").boundingBox().y < here.boundingBox().y, "on a desktop the QR comes first");
            assertThat(page.getByText("Open the BankID app and scan the QR code")).isVisible();
            assertThat(page.getByTestId("or-scan")).isHidden();
        }
    }

    /**
     * Needs the codes branch (code and params on events). Every text node of the job card, visible or not, is
     * checked against every English message the server sent for this job; the browser's own clock is in New York,
     * so the Swedish times must come from the page's own formatting in Europe/Stockholm.
     */
    @Test
    void theWholeFlowInSwedishShowsNoEnglishFromTheServer() throws Exception {
        try (BrowserContext context = desktopIn("sv-SE", "America/New_York")) {
            Page page = PagesTests.openApp(context, base());
            PagesTests.fillForm(page, "Göteborg", false);
            page.getByTestId("start-button").click();
            String jobId = PagesTests.awaitQr(page);
            List<String> seenTexts = new ArrayList<>(jobTexts(page));
            PagesTests.scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("awaiting_confirmation", slow());
            JsonPath held = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().extract()
                    .jsonPath();
            String slot = swedishSlot(held.getString("held_slot.date"), held.getString("held_slot.time"));
            assertThat(page.getByTestId("held-slot")).containsText("Göteborg " + slot);
            String until = Instant.parse(held.getString("held_slot.reservation_expires")).atZone(SWEDEN)
                    .format(DateTimeFormatter.ofPattern("HH:mm"));
            assertThat(page.getByTestId("held-slot")).containsText("till kl. " + until);
            assertThat(page.getByTestId("job-status-label")).hasText("Väntar på din bekräftelse");
            seenTexts.addAll(jobTexts(page));
            page.getByTestId("confirm-button").click();
            assertThat(page.getByTestId("job-status")).hasText("completed", slow());
            assertThat(page.getByTestId("booking-result")).containsText("Bokat: Göteborg " + slot);
            seenTexts.addAll(jobTexts(page));

            List<String> english = serverMessages(jobId);
            assertTrue(english.size() >= 6, "the server sent too few messages to compare with: " + english);
            String shown = String.join("\n", seenTexts);
            for (String message : english) {
                assertFalse(shown.contains(message), "the page shows the server's English '" + message + "':\n" + shown);
            }
            for (String word : List.of("the", "and", "slot", "booking", "until", "waiting", "opening", "logged",
                    "holding", "booked", "searching", "confirm")) {
                assertFalse(Pattern.compile("(?i)\\b" + word + "\\b").matcher(page.getByTestId("timeline").innerText()
                        + page.getByTestId("booking-result").innerText()).find(), "English '" + word + "' on the page");
            }
            // Not vacuous: each step of the timeline says something of its own, in Swedish.
            List<String> steps = page.locator("[data-testid=timeline] li span").allInnerTexts();
            assertTrue(steps.size() >= 5, steps.toString());
            steps.forEach(s -> assertFalse(s.isBlank(), "a step without its sentence: " + steps));
            assertTrue(steps.contains("Öppnar Trafikverkets bokning.") || steps.contains("Logga in med BankID."),
                    steps.toString());
            assertThat(page.getByTestId("timeline").locator("li[data-status=awaiting_confirmation] span"))
                    .containsText("Vi håller Göteborg " + slot);
        }
    }

    /** Needs the codes branch (the step sentences come from code and params). */
    @Test
    void theWholeFlowInEnglish() {
        try (BrowserContext context = desktop("en-GB")) {
            Page page = PagesTests.openApp(context, base());
            PagesTests.fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            String jobId = PagesTests.awaitQr(page);
            assertThat(page.getByTestId("job-status-label")).hasText("Waiting for BankID");
            assertThat(page.getByText("Open the BankID app and scan the QR code")).isVisible();
            PagesTests.scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("completed", slow());
            JsonPath done = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().extract()
                    .jsonPath();
            String slot = slot(done.getString("booking_result.exam_date"), done.getString("booking_result.exam_time"),
                    Locale.ENGLISH);
            assertThat(page.getByTestId("booking-result")).containsText("Booked: Uppsala " + slot);
            assertThat(page.getByTestId("job-status-label")).hasText("Booked");
            List<String> steps = page.locator("[data-testid=timeline] li span").allInnerTexts();
            steps.forEach(s -> assertFalse(s.isBlank(), "a step without its sentence: " + steps));
            assertTrue(steps.contains("Booked: Uppsala " + slot + "."), steps.toString());
            String all = page.getByTestId("timeline").innerText() + page.getByTestId("booking-result").innerText();
            for (String word : List.of("och", "bokning", "väntar", "söker", "inloggad", "bokat", "tider")) {
                assertFalse(Pattern.compile("(?iU)\\b" + word + "\\b").matcher(all).find(), "Swedish '" + word + "': " + all);
            }
        }
    }

    @Test
    void startIsDisabledWhileAJobRunsAndASecondJobIsAnExplicitChoice() {
        try (BrowserContext context = desktop("sv-SE")) {
            Page page = PagesTests.openApp(context, base());
            List<String> starts = new CopyOnWriteArrayList<>();
            page.onRequest(r -> {
                if (r.url().endsWith("/api/v1/booking/start")) {
                    starts.add(r.method());
                }
            });
            PagesTests.fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            String first = PagesTests.awaitQr(page);
            page.getByTestId("edit-button").click();
            assertThat(page.getByTestId("start-button")).isDisabled();
            assertThat(page.getByTestId("live-job")).containsText("Ett jobb pågår redan.");
            page.getByTestId("field-locations").press("Enter"); // submitting the form must not start one either
            page.waitForTimeout(500);
            assertEquals(1, starts.size(), starts.toString());

            page.getByTestId("field-locations").fill("Stockholm");
            page.getByTestId("restart-button").click();
            page.waitForCondition(() -> !first.equals(page.locator("#job").getAttribute("data-job-id")),
                    new Page.WaitForConditionOptions().setTimeout(30_000));
            String second = page.locator("#job").getAttribute("data-job-id");
            assertNotEquals(first, second);
            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + first).then()
                    .body("status", equalTo("cancelled")); // the first is cancelled, not left holding a browser
            assertEquals(2, starts.size(), starts.toString());
            assertThat(page.getByTestId("form-summary")).containsText("Stockholm");
            assertThat(page.getByTestId("job-status")).hasText("authenticating", slow());
            page.getByTestId("cancel-button").click();
            assertThat(page.getByTestId("job-status")).hasText("cancelled", slow());
            page.getByTestId("again-button").click();
            assertThat(page.getByTestId("start-button")).isEnabled();
        }
    }

    /**
     * The field names are the page's own (passes now); the place and the dates in the sentences need the codes
     * branch (params on problems).
     */
    @Test
    void aBadPlaceAndAPastDateAreNamedInSwedishInThePagesWords() {
        try (BrowserContext context = desktop("sv-SE")) {
            Page page = PagesTests.openApp(context, base());
            Locator error = page.getByTestId("form-error");
            PagesTests.fillForm(page, "Uppsala, Upsala", true);
            page.getByTestId("start-button").click();
            assertThat(error).containsText("Kontrollera fälten: Provort 2");
            assertThat(error).containsText("är ingen provort vi känner till");
            assertThat(error).containsText("”Upsala”");
            assertThat(error).containsText("Uppsala");
            assertSwedishOnly(error.innerText());

            PagesTests.fillForm(page, "Uppsala", true);
            LocalDate from = TestJobs.TODAY.minusDays(20);
            LocalDate to = TestJobs.TODAY.minusDays(10);
            page.getByTestId("field-date-from").fill(from.toString());
            page.getByTestId("field-date-to").fill(to.toString());
            page.getByTestId("start-button").click();
            assertThat(error).containsText("Datumintervall 1");
            assertThat(error).containsText("har redan passerat");
            assertThat(error).containsText(swedishDay(from) + "–" + swedishDay(to));
            assertSwedishOnly(error.innerText());
            assertThat(page.locator("#job")).isHidden();
        }
    }


    // ------------------------------------------------------------------------------------------------------------
    // The watch (issue 20). The first three tests feed the page a job of their own (FakeJob: the page's calls are
    // answered in the browser, in the shapes of CONTRACT-20), so they test the page alone; the last needs the
    // server's side of the watch.

    /** A watching job, "log in again" (a fresh stream first, then resume), a re-login that times out, a slot on offer. */
    @Test
    void aWatchingJobAsksToLogInAgainAndShowsTheSlotOnOffer() {
        try (BrowserContext context = desktop("en-GB")) {
            Page page = PagesTests.openApp(context, base());
            FakeJob job = new FakeJob(page);
            Instant now = Instant.now();
            Instant watchEnds = now.plus(Duration.ofDays(12));
            Instant staleAt = now.minus(Duration.ofMinutes(10));
            Instant freshAt = now.minus(Duration.ofSeconds(30));
            job.status(Map.of("status", "watching", "watch_ends_at", watchEnds.toString(), "searched_places", List.of(
                    place(1000071, "Uppsala", staleAt), place(1000140, "Stockholm", null),
                    place(1000011, "Göteborg", freshAt))));
            job.step("queued", "queued", Map.of());
            job.step("searching", "logged_in", Map.of());
            job.loginRequired(watchEnds);
            PagesTests.fillForm(page, "Uppsala, Stockholm, Göteborg", true);
            page.getByTestId("start-button").click();

            assertThat(page.getByTestId("job-status")).hasText("watching");
            assertThat(page.getByTestId("job-status-label")).hasText("Watching for a slot");
            assertThat(page.getByTestId("watch-note")).hasText("Watching for a slot: log in again to book.");
            assertThat(page.getByTestId("watch-until")).hasText("Provtid watches your test locations until "
                    + moment(watchEnds, Locale.ENGLISH) + ".");
            assertThat(page.getByTestId("timeline").locator("li[data-status=watching][data-code=login_required] span"))
                    .hasText("Your login at the booking site has ended. We keep watching your test locations until "
                            + moment(watchEnds, Locale.ENGLISH) + "; log in again to book.");
            assertThat(page.getByTestId("qr")).isHidden();
            assertThat(page.getByTestId("cancel-button")).isVisible(); // a watch can be cancelled
            Locator places = page.getByTestId("searched-places");
            assertThat(places.locator("li[data-location=Uppsala]"))
                    .hasText("Nobody has searched Uppsala since " + since(staleAt, Locale.ENGLISH) + ".");
            assertThat(places.locator("li[data-location=Uppsala]")).hasAttribute("data-stale", "true");
            assertThat(places.locator("li[data-location=Stockholm]")).hasText("Stockholm: not yet searched.");
            assertThat(places.locator("li[data-location='Göteborg']"))
                    .hasText("Göteborg: searched at " + since(freshAt, Locale.ENGLISH) + ".");
            assertThat(places.locator("li[data-location='Göteborg']")).hasAttribute("data-stale", "false");

            // Log in again: the page first renews its stream (the token ran out long ago), then resumes.
            job.onResume(() -> {
                job.step("queued", "resumed", Map.of());
                job.step("authenticating", "waiting_for_bankid", Map.of());
                job.qr();
            });
            int streamsBefore = job.streamOpens("fresh-");
            page.getByTestId("resume-button").click();
            assertThat(page.getByTestId("job-status")).hasText("authenticating");
            assertThat(page.getByTestId("qr")).isVisible();
            assertThat(page.getByTestId("watch-box")).isHidden();
            assertThat(page.getByTestId("searched-box")).isHidden(); // places are shown while searching or watching
            int renew = job.calls.indexOf("POST stream-url");
            int resume = job.calls.indexOf("POST resume");
            assertTrue(renew >= 0 && renew < resume, "a fresh stream before the resume: " + job.calls);
            assertTrue(job.streamOpens("fresh-") > streamsBefore, "the renewed stream URL was opened: " + job.calls);
            assertThat(page.getByTestId("timeline").locator("li[data-status=queued][data-code=resumed] span"))
                    .hasText("You are logging in again; the job waits for a free worker.");

            // Nobody scanned: back to watching, not expired.
            job.step("watching", "qr_timeout", Map.of("seconds", 180));
            assertThat(page.getByTestId("job-status")).hasText("watching");
            assertThat(page.getByTestId("resume-button")).isVisible();
            assertThat(page.getByTestId("qr")).isHidden(); // the old login's code is never shown again
            assertThat(page.getByTestId("timeline").locator("li[data-status=watching][data-code=qr_timeout] span"))
                    .hasText("Nobody scanned the QR code within 3 minutes. We keep watching; log in again to book.");
            assertThat(page.getByTestId("again-button")).isHidden();

            // A slot comes free: the notice, and the QR of the login that starts at once.
            LocalDate date = TestJobs.TODAY.plusDays(20);
            job.slotAvailable("Uppsala", date, "08:10");
            job.step("queued", "slot_available", Map.of("location", "Uppsala", "date", date.toString(), "time", "08:10"));
            job.step("authenticating", "waiting_for_bankid", Map.of());
            job.qr();
            Locator notice = page.getByTestId("slot-notice");
            assertThat(notice).hasText("A slot at Uppsala on " + slot(date.toString(), "08:10", Locale.ENGLISH)
                    + " is free now: scan within 2 minutes to try for it.");
            assertThat(page.getByTestId("qr")).isVisible();
            assertTrue(notice.boundingBox().y < page.getByTestId("qr").boundingBox().y, "the notice comes first");
            job.step("searching", "logged_in", Map.of());
            assertThat(notice).isHidden();
        }
    }

    /** A person under 18 pays by invoice: the booking says by when, or the site cancels it. */
    @Test
    void aBookingPaidByInvoiceSaysByWhen() {
        try (BrowserContext context = desktop("en-GB")) {
            Page page = PagesTests.openApp(context, base());
            FakeJob job = new FakeJob(page);
            LocalDate date = TestJobs.TODAY.plusDays(20);
            Instant payBy = date.atTime(8, 10).atZone(SWEDEN).toInstant().minus(Duration.ofHours(25));
            job.step("searching", "logged_in", Map.of());
            job.booked("Uppsala", date, "08:10", payBy);
            PagesTests.fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            assertThat(page.getByTestId("job-status")).hasText("completed");
            assertThat(page.getByTestId("pay-by")).hasText("Pay by " + moment(payBy, Locale.ENGLISH)
                    + " or the site cancels the booking.");
            page.getByTestId("language-toggle").click();
            assertThat(page.getByTestId("pay-by")).hasText("Betala senast " + moment(payBy, SV)
                    + ", annars avbokar Trafikverket provet.");
        }
    }

    /** The watch in Swedish: every sentence the page's own, none of the server's English messages. */
    @Test
    void theWatchInSwedishShowsNoEnglishFromTheServer() {
        try (BrowserContext context = desktopIn("sv-SE", "America/New_York")) {
            Page page = PagesTests.openApp(context, base());
            FakeJob job = new FakeJob(page);
            Instant watchEnds = Instant.now().plus(Duration.ofDays(3));
            Instant staleAt = Instant.now().minus(Duration.ofHours(30));
            job.status(Map.of("status", "watching", "searched_places", List.of(place(1000071, "Uppsala", staleAt))));
            job.step("searching", "logged_in", Map.of());
            job.loginRequired(watchEnds);
            PagesTests.fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            assertThat(page.getByTestId("job-status-label")).hasText("Bevakar lediga tider");
            assertThat(page.getByTestId("watch-note")).hasText("Bevakar lediga tider: logga in igen för att boka.");
            assertThat(page.getByTestId("resume-button")).hasText("Logga in igen");
            assertThat(page.getByTestId("watch-until")).hasText("Provtid bevakar dina provorter till "
                    + moment(watchEnds, SV) + ".");
            assertThat(page.getByTestId("searched-places").locator("li[data-location=Uppsala]"))
                    .hasText("Ingen har sökt Uppsala sedan " + since(staleAt, SV) + ".");
            List<String> seen = new ArrayList<>(jobTexts(page));

            LocalDate date = TestJobs.TODAY.plusDays(20);
            job.slotAvailable("Uppsala", date, "08:10");
            job.step("queued", "slot_available", Map.of("location", "Uppsala", "date", date.toString(), "time", "08:10"));
            job.step("authenticating", "waiting_for_bankid", Map.of());
            job.qr();
            assertThat(page.getByTestId("slot-notice")).hasText("En tid i Uppsala den " + swedishSlot(date.toString(),
                    "08:10") + " är ledig nu: skanna inom 2 minuter för att försöka ta den.");
            seen.addAll(jobTexts(page));
            job.step("watching", "qr_timeout", Map.of("seconds", 180));
            job.expired("watch_ended");
            assertThat(page.getByTestId("job-status")).hasText("expired");
            assertThat(page.getByTestId("error-message"))
                    .hasText("Bevakningen är slut: ingen ledig tid bokades innan den tog slut.");
            assertThat(page.getByTestId("resume-button")).isHidden();
            seen.addAll(jobTexts(page));
            String shown = String.join("\n", seen);
            for (String message : job.messages) {
                assertFalse(shown.contains(message), "the page shows the server's English '" + message + "'");
            }
            List<String> steps = page.locator("[data-testid=timeline] li span").allInnerTexts();
            steps.forEach(s -> assertFalse(s.isBlank(), "a step without its sentence: " + steps));
        }
    }

    /**
     * Needs the server's side of the watch (CONTRACT-20): the simulated site logs the person out while the job
     * searches, the page shows the watch, "Logga in igen" starts a new login on the same page, and it books.
     */
    @Test
    void aForcedLogoutWatchesAndLoggingInAgainBooks() {
        scenario(Map.of("session_lifetime_seconds", 15, "no_slots", true));
        try (BrowserContext context = desktop("sv-SE")) {
            Page page = PagesTests.openApp(context, base());
            PagesTests.fillForm(page, "Uppsala", true);
            page.getByTestId("start-button").click();
            String jobId = PagesTests.awaitQr(page);
            PagesTests.scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("searching", slow());
            assertThat(page.getByTestId("job-status")).hasText("watching", slow());
            assertThat(page.getByTestId("watch-note")).hasText("Bevakar lediga tider: logga in igen för att boka.");
            assertThat(page.getByTestId("timeline").locator("li[data-status=watching][data-code=login_required]"))
                    .isVisible();
            given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + jobId).then().body("status",
                    equalTo("watching"));

            scenario(Map.of("session_lifetime_seconds", 1800, "no_slots", false));
            page.getByTestId("resume-button").click();
            PagesTests.awaitQr(page);
            PagesTests.scanWithTheSimulatedApp(page);
            assertThat(page.getByTestId("job-status")).hasText("completed", slow());
            assertThat(page.getByTestId("booking-result")).containsText("Bokat: Uppsala");
            assertEquals(1, TestJobs.siteBookings().size());
        }
    }

    private static void scenario(Map<String, Object> knobs) {
        given().contentType(ContentType.JSON).body(knobs).put("/sim/admin/scenario").then().statusCode(200);
    }

    private static Map<String, Object> place(long id, String name, Instant lastSearched) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("location_id", id);
        p.put("location", name);
        p.put("last_searched_at", lastSearched == null ? null : lastSearched.toString());
        return p;
    }

    /** "12 January 23:59" / "12 januari kl. 23:59": an instant as the page writes it (Sweden's date and clock). */
    private static String moment(Instant at, Locale locale) {
        var here = at.atZone(SWEDEN);
        return day(here.toLocalDate(), locale) + (locale.getLanguage().equals("sv") ? " kl. " : " ")
                + here.format(DateTimeFormatter.ofPattern("HH:mm"));
    }

    /** The clock alone for today in Sweden, else the whole moment. */
    private static String since(Instant at, Locale locale) {
        var here = at.atZone(SWEDEN);
        return here.toLocalDate().equals(LocalDate.now(SWEDEN))
                ? (locale.getLanguage().equals("sv") ? "kl. " : "") + here.format(DateTimeFormatter.ofPattern("HH:mm"))
                : moment(at, locale);
    }

    /**
     * A job that lives only in the page's network: the start, its stream, its status view, a fresh stream URL and
     * resume are answered in the browser in the shapes of CONTRACT-20, so the page's side of the watch can be tested
     * before (and apart from) the server's. The stream answers every event so far and ends, with `retry: 200`: the
     * browser reconnects at once and the page drops what it has seen (by event id), as after a real reconnect.
     */
    private static final class FakeJob {
        private static final ObjectMapper JSON = new ObjectMapper();
        final String id = "job_" + "0123456789abcdef01234567";
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** The English message of every event sent: the page must show none of them. */
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final List<String> events = new CopyOnWriteArrayList<>();
        private volatile String statusView = "{}";
        private volatile Runnable onResume = () -> { };
        private long sequence = 1_796_000_000_000L;
        private int renewals;

        FakeJob(Page page) {
            page.route(u -> u.endsWith("/api/v1/booking/start"), r -> json(r, 202, Map.of("job_id", id,
                    "status", "queued", "stream_url", "/api/v1/booking/stream/" + id + "?token=first")));
            page.route(u -> u.contains("/api/v1/booking/stream/" + id), r -> {
                calls.add("GET stream " + r.request().url().replaceAll(".*token=", ""));
                r.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("text/event-stream")
                        .setBody("retry: 200\n\n" + String.join("", events)));
            });
            page.route(u -> u.contains("/api/v1/booking/stream-url/" + id), r -> {
                calls.add("POST stream-url");
                json(r, 200, Map.of("job_id", id, "stream_url",
                        "/api/v1/booking/stream/" + id + "?token=fresh-" + (++renewals)));
            });
            page.route(u -> u.contains("/api/v1/booking/resume/" + id), r -> {
                calls.add("POST resume");
                onResume.run();
                json(r, 202, Map.of("job_id", id, "status", "queued"));
            });
            page.route(u -> u.contains("/api/v1/booking/status/" + id), r -> r.fulfill(new Route.FulfillOptions()
                    .setStatus(200).setContentType("application/json").setBody(statusView)));
        }

        void status(Map<String, Object> view) {
            statusView = write(view);
        }

        void onResume(Runnable r) {
            onResume = r;
        }

        /** How many times the page opened the stream with a token starting so. */
        int streamOpens(String token) {
            return (int) calls.stream().filter(c -> c.startsWith("GET stream " + token)).count();
        }

        void step(String status, String code, Map<String, Object> params) {
            send("status_update", Map.of("status", status, "code", code, "params", params, "message",
                    "Server says: " + status + " " + code));
        }

        void loginRequired(Instant watchEnds) {
            Map<String, Object> params = Map.of("watch_ends_at", watchEnds.toString());
            send("login_required", Map.of("code", "login_required", "params", params, "message",
                    "Your login at the booking site has ended. Provtid keeps watching your places until "
                            + watchEnds + "; log in again to book."));
            send("status_update", Map.of("status", "watching", "code", "login_required", "params", params,
                    "message", "Login required"));
        }

        void slotAvailable(String location, LocalDate date, String time) {
            Map<String, Object> slot = Map.of("location", location, "date", date.toString(), "time", time);
            Map<String, Object> params = new LinkedHashMap<>(slot);
            params.put("scan_within_seconds", 120);
            send("slot_available", Map.of("code", "slot_available", "params", params, "slot", slot, "message",
                    "A slot at " + location + " on " + date + " " + time + " is free now: scan within 2 minutes"));
        }

        void qr() {
            send("qr_code_update", Map.of("qr_payload", "bankid.fake-" + sequence + ".0.00", "sequence", 1));
        }

        void booked(String location, LocalDate date, String time, Instant payBy) {
            step("completed", "booked", Map.of("location", location, "date", date.toString(), "time", time));
            send("booking_completed", Map.of("success", true, "pay_by", payBy.toString(), "booking_result",
                    Map.of("booking_id", "4100001", "confirmation_number", "EF9FD40DBA", "exam_date", date.toString(),
                            "exam_time", time, "location", location, "pay_by", payBy.toString())));
        }

        void expired(String code) {
            send("status_update", Map.of("status", "expired", "code", code, "params", Map.of(), "message",
                    "The watch ended"));
            send("job_expired", Map.of("code", code, "params", Map.of(), "message", "The watch ended"));
        }

        private void send(String type, Map<String, Object> data) {
            Object message = data.get("message");
            if (message != null) {
                messages.add(message.toString());
            }
            Map<String, Object> envelope = Map.of("event_type", type, "job_id", id, "user_id", "web-fake", "timestamp",
                    Instant.now().toString(), "data", data);
            events.add("id:" + (sequence++) + "-0\nevent:" + type + "\ndata:" + write(envelope) + "\n\n");
        }

        private static void json(Route r, int status, Map<String, Object> body) {
            r.fulfill(new Route.FulfillOptions().setStatus(status).setContentType("application/json")
                    .setBody(write(body)));
        }

        private static String write(Object o) {
            try {
                return JSON.writeValueAsString(o);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void assertSwedishOnly(String text) {
        for (String english : List.of("Range", "Field", "Unknown", "location", "date_ranges", "locations[",
                "lies wholly", "past", "Closest")) {
            assertFalse(text.contains(english), "'" + english + "' in: " + text);
        }
    }

    /** Every text node of the job card, hidden ones too (what a screen reader or a later render could show). */
    private static List<String> jobTexts(Page page) {
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) page.evaluate("""
                () => { const out = []; const w = document.createTreeWalker(document.getElementById('job'),
                  NodeFilter.SHOW_TEXT); while (w.nextNode()) { const s = w.currentNode.nodeValue.trim();
                  if (s) out.push(s); } return out; }""");
        assertFalse(texts.isEmpty(), "the job card has no text at all");
        return texts;
    }

    /** Every English sentence the server sent for the job: status messages, error messages, final messages. */
    private List<String> serverMessages(String jobId) throws InterruptedException {
        List<String> out = new ArrayList<>();
        try (SseClient all = SseClient.open(base() + "/api/v1/booking/stream/" + jobId, "0-0", TOKEN)) {
            for (SseClient.Event e : all.awaitEnd(Duration.ofSeconds(15))) {
                for (String m : List.of(e.data().path("message").asText(""),
                        e.data().path("error").path("message").asText(""))) {
                    if (!m.isBlank() && !out.contains(m)) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    private static final Locale SV = Locale.forLanguageTag("sv-SE");

    private static String swedishDay(LocalDate d) {
        return day(d, Locale.forLanguageTag("sv-SE"));
    }

    private static String day(LocalDate d, Locale locale) {
        String month = d.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale);
        if (locale.getLanguage().equals("en")) {
            month = d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        }
        int thisYear = LocalDate.now(SWEDEN).getYear();
        return d.getDayOfMonth() + " " + month + (d.getYear() == thisYear ? "" : " " + d.getYear());
    }

    private static String swedishSlot(String date, String time) {
        return slot(date, time, Locale.forLanguageTag("sv-SE"));
    }

    private static String slot(String date, String time, Locale locale) {
        return day(LocalDate.parse(date), locale) + " " + time;
    }

    /** Asserts the whole element lies within the viewport as it is now, without any scrolling by the test. */
    private static void assertInView(Page page, Locator element) {
        BoundingBox box = element.boundingBox(); // relative to the viewport's top left
        int height = page.viewportSize().height;
        int width = page.viewportSize().width;
        assertTrue(box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width,
                "not in view: " + box.x + "," + box.y + " " + box.width + "x" + box.height + " in " + width + "x"
                        + height);
    }

    private BrowserContext phone(String locale, String zone) {
        return chromium.browser().newContext(new Browser.NewContextOptions().setLocale(locale).setTimezoneId(zone)
                .setViewportSize(390, 844).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2));
    }

    private BrowserContext desktop(String locale) {
        return desktopIn(locale, "Europe/Stockholm");
    }

    private BrowserContext desktopIn(String locale, String zone) {
        return chromium.browser().newContext(new Browser.NewContextOptions().setLocale(locale).setTimezoneId(zone)
                .setViewportSize(1280, 800));
    }

    private String base() {
        return root.toString().replaceAll("/+$", "");
    }

    private static LocatorAssertions.HasTextOptions slow() {
        return new LocatorAssertions.HasTextOptions().setTimeout(60_000);
    }
}
