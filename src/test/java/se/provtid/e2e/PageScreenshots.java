package se.provtid.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import se.provtid.support.TestChromium;
import se.provtid.support.TestJobs;

/**
 * Not a check: makes the screenshots in docs/screenshots/ (desktop and phone width, both pages). Runs only when
 * asked, with {@code -Dscreenshots.dir=...}; {@code bin/screenshots} does that.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "screenshots.dir", matches = ".+")
class PageScreenshots {

    private static final int[] DESKTOP = {1280, 860};
    private static final int[] PHONE = {390, 844};

    @TestHTTPResource("/")
    URL root;

    @Test
    void takeScreenshots() throws Exception {
        Path dir = Path.of(System.getProperty("screenshots.dir"));
        Files.createDirectories(dir);
        given().post("/sim/admin/reset").then().statusCode(200);
        String base = root.toString().replaceAll("/+$", "");
        try (Playwright playwright = TestChromium.playwright(); Browser browser = TestChromium.launch(playwright)) {
            // A finished booking first, so the dashboard has history.
            try (BrowserContext context = context(browser, DESKTOP, "sv-SE")) {
                Page page = PagesTests.openApp(context, base);
                PagesTests.fillForm(page, "Uppsala, Stockholm", true);
                page.getByTestId("start-button").click();
                PagesTests.awaitQr(page);
                page.waitForTimeout(1500);
                page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("app-desktop-qr.png")));
                page.getByTestId("sim-scan-button").click();
                assertThat(page.getByTestId("job-status")).hasText("completed", slow());
                page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("app-desktop-booked.png")));
            }
            try (BrowserContext context = phone(browser, "sv-SE")) {
                Page page = PagesTests.openApp(context, base);
                PagesTests.fillForm(page, "Göteborg", false);
                page.getByTestId("start-button").click();
                PagesTests.awaitQr(page); // the page itself brings the BankID button and the QR into view
                page.waitForTimeout(1500);
                page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("app-phone-qr.png")));
                page.getByTestId("sim-scan-button").click();
                assertThat(page.getByTestId("job-status")).hasText("awaiting_confirmation", slow());
                page.getByTestId("confirm-button").scrollIntoViewIfNeeded();
                page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("app-phone-confirm.png")));
                // The dashboard while this job waits for confirmation.
                try (BrowserContext ops = context(browser, DESKTOP, "en-GB")) {
                    Page dash = dashboard(ops, base);
                    dash.locator("[data-testid=jobs-table] tr[data-job-id]").first().click();
                    assertThat(dash.getByTestId("detail-timeline").locator("li[data-status=awaiting_confirmation]"))
                            .isVisible();
                    dash.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("dashboard-desktop.png"))
                            .setFullPage(true));
                }
                try (BrowserContext ops = context(browser, PHONE, "sv-SE")) {
                    Page dash = dashboard(ops, base);
                    dash.getByTestId("jobs-table").scrollIntoViewIfNeeded(); // the jobs as cards, below the counts
                    dash.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("dashboard-phone.png")));
                }
                page.getByTestId("cancel-button").click();
                assertThat(page.getByTestId("job-status")).hasText("cancelled", slow());
            }
        }
    }

    private static Page dashboard(BrowserContext context, String base) {
        Page dash = context.newPage();
        dash.navigate(base + "/dashboard/");
        dash.getByTestId("api-token").fill(TestJobs.TOKEN);
        dash.getByTestId("api-token").press("Enter");
        assertThat(dash.locator("[data-testid=jobs-table] tr[data-job-id]").first()).isVisible();
        assertThat(dash.locator("[data-testid=workers-table] tr[data-worker-id]").first()).isVisible();
        dash.getByTestId("api-token").blur();
        return dash;
    }

    private static BrowserContext context(Browser browser, int[] size, String locale) {
        return browser.newContext(new Browser.NewContextOptions().setLocale(locale).setViewportSize(size[0], size[1])
                .setDeviceScaleFactor(1).setTimezoneId("Europe/Stockholm"));
    }

    /** A phone as the booking page meets it: touch, a mobile browser (so the same-device button comes first). */
    private static BrowserContext phone(Browser browser, String locale) {
        return browser.newContext(new Browser.NewContextOptions().setLocale(locale).setViewportSize(PHONE[0], PHONE[1])
                .setDeviceScaleFactor(1).setIsMobile(true).setHasTouch(true).setTimezoneId("Europe/Stockholm"));
    }

    private static LocatorAssertions.HasTextOptions slow() {
        return new LocatorAssertions.HasTextOptions().setTimeout(60_000);
    }
}
