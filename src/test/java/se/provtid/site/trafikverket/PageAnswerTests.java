package se.provtid.site.trafikverket;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.queue.SitePacer;
import se.provtid.site.LoginFallbacks;
import se.provtid.site.SiteRequestMetrics;
import se.provtid.support.TestJobs;

/**
 * The app asks the site whether it is updating as it loads; the adapter uses that answer instead of asking again, so
 * a login costs the site no second request and a burst of logins does not queue behind the fleet's pace. Counted
 * with the adapter's own request meter: only the requests this adapter sent itself (the page's are not counted).
 */
@QuarkusTest
class PageAnswerTests {

    @Inject
    BrowserFleet fleet;
    @Inject
    SitePacer pacer;
    @Inject
    ObjectMapper json;

    @TestHTTPResource("/")
    URL root;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @AfterEach
    void back() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    private TrafikverketAdapter adapter(BrowserSession session) {
        return new TrafikverketAdapter(session, root.toString().replaceAll("/+$", ""), json, pacer,
                Duration.ofSeconds(10), new SiteRequestMetrics(registry), LoginMode.page,
                new LoginFallbacks(registry, Clock.systemUTC()));
    }

    private double sent(String endpoint) {
        Counter c = registry.find("provtid.site.requests").tag("endpoint", endpoint).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theAppsOwnAnswerIsUsedOnceThenTheSiteIsAsked() {
        try (BrowserSession session = fleet.open(null)) {
            TrafikverketAdapter site = adapter(session);
            site.open();
            assertFalse(site.isSystemUpdating());
            assertEquals(0, sent("is-system-updating"), "the page asked as it loaded: no request of our own");
            assertFalse(site.isSystemUpdating());
            assertEquals(1, sent("is-system-updating"), "used once: a later check asks the site");
        }
    }

    @Test
    void anUpdatingSiteIsSeenFromThePagesAnswer() {
        TestJobs.scenario(Map.of("maintenance", true));
        try (BrowserSession session = fleet.open(null)) {
            TrafikverketAdapter site = adapter(session);
            site.open();
            assertTrue(site.isSystemUpdating());
            assertEquals(0, sent("is-system-updating"));
            TestJobs.scenario(Map.of("maintenance", false));
            assertFalse(site.isSystemUpdating(), "asked again: the update is over");
            assertEquals(1, sent("is-system-updating"));
        }
    }
}
