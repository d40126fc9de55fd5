package se.provtid.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.queue.ApiOnlyProfile;
import se.provtid.queue.RedisKeys;
import se.provtid.search.PlannedCall;
import se.provtid.service.PlaceCatalog;
import se.provtid.support.BrowserExtension;
import se.provtid.support.TestJobs;

/**
 * The dashboard's search plan and places tables in real Chromium, from the Redis hashes the fleet search writes
 * (seeded here; an API-only process runs no planner that would rewrite them): a table on a desktop, cards on a phone.
 */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class SearchDashboardTests {

    private static final long STOCKHOLM = 1000140;
    private static final long UPPSALA = 1000071;
    private static final String CALL = "B|driving_test|manual|" + STOCKHOLM + "," + UPPSALA;

    @RegisterExtension
    static final BrowserExtension chromium = new BrowserExtension();

    @TestHTTPResource("/")
    URL root;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ObjectMapper json;

    @Inject
    PlaceCatalog catalog;

    @BeforeAll
    static void patience() {
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @BeforeEach
    void seed() throws Exception {
        clean();
        catalog.learn(Map.of("Stockholm", STOCKHOLM, "Uppsala", UPPSALA));
        var hash = redis.hash(String.class);
        hash.hset(keys.searchCalls(), CALL, json.writeValueAsString(new PlannedCall(CALL, "B|driving_test|manual",
                List.of(STOCKHOLM, UPPSALA), LocalDate.of(2026, 12, 8), 3200, 12)));
        hash.hset(keys.searchCallStats(), Map.of("looks:" + CALL, "100", "found:" + CALL, "3", "handed:" + CALL, "2",
                "last:" + CALL, "1796000123456"));
        hash.hset(keys.searchCounters(), Map.of("looks", "101", "slots_found", "3", "handed_out", "2",
                "went_to_other", "4", "lost_races", "1", "self_collisions", "0", "holds", "2"));
        hash.hset(keys.searchPlaceStats(), Map.of(STOCKHOLM + ":appeared", "5", STOCKHOLM + ":gone", "4",
                STOCKHOLM + ":lifetime_ms", "322000", STOCKHOLM + ":late", "1"));
    }

    @AfterEach
    void clean() {
        redis.key().del(keys.searchCalls(), keys.searchCallStats(), keys.searchCounters(), keys.searchPlaceStats());
    }

    @Test
    void theDashboardShowsThePlanAndWhatTheFleetLearned() {
        try (BrowserContext desktop = chromium.browser().newContext(new Browser.NewContextOptions()
                .setLocale("en-GB").setViewportSize(1280, 800))) {
            Page page = dashboard(desktop);
            Locator call = page.locator("[data-testid=search-plan] tr[data-exam]");
            assertThat(call).hasCount(1);
            assertThat(call).hasAttribute("data-places", "Stockholm,Uppsala");
            assertThat(call.locator("td")).containsText(new String[] {"B · driving_test · manual",
                    "Stockholm, Uppsala", "3.2 s", "12 jobs", "100", "3", "2"});
            assertThat(page.getByTestId("search-counters")).containsText("one search for the whole fleet");
            assertThat(page.getByTestId("search-counters")).containsText("0 collisions between our jobs");
            Locator place = page.locator("[data-testid=search-places] tr[data-location=Stockholm]");
            assertThat(place.locator("td")).containsText(new String[] {"Stockholm", "5", "4", "80.5 s", "1"});
            assertThat(page.locator("[data-testid=search-plan] thead")).isVisible();

            // Once nobody searches, the plan is empty and says so.
            redis.key().del(keys.searchCalls());
            assertThat(page.locator("[data-testid=search-plan] tbody")).hasText("None");

            page.getByTestId("language-toggle").click();
            assertThat(page.locator("[data-testid=search-places] thead")).containsText("Sena avbokningar");
        }
    }

    @Test
    void atPhoneWidthEachCallIsACardWithinTheScreen() {
        try (BrowserContext phone = chromium.browser().newContext(new Browser.NewContextOptions().setLocale("sv-SE")
                .setViewportSize(390, 844).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2))) {
            Page page = dashboard(phone);
            Locator call = page.locator("[data-testid=search-plan] tr[data-exam]");
            assertThat(call).isVisible();
            assertFalse(page.locator("[data-testid=search-plan] thead").isVisible(), "a phone shows cards");
            assertThat(call.locator("td").nth(2)).containsText("3.2 s");
            Locator place = page.locator("[data-testid=search-places] tr[data-location=Stockholm]");
            place.scrollIntoViewIfNeeded();
            assertThat(place).isVisible();
            var box = place.boundingBox();
            assertTrue(box.x >= 0 && box.x + box.width <= 390, "the place card lies within 0..390: " + box.x + "+"
                    + box.width);
            Object widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
            List<?> w = (List<?>) widths;
            assertTrue(((Number) w.get(0)).intValue() <= ((Number) w.get(1)).intValue(),
                    "the page scrolls sideways: " + w);
        }
    }

    private Page dashboard(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(root + "dashboard/");
        page.getByTestId("api-token").fill(TestJobs.TOKEN);
        page.getByTestId("api-token").press("Enter");
        return page;
    }
}
