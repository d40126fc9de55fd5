package se.provtid.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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
