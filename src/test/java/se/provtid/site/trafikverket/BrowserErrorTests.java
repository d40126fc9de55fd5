package se.provtid.site.trafikverket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.options.Cookie;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.queue.SitePacer;
import se.provtid.site.LoginFallbacks;
import se.provtid.site.SiteException;
import se.provtid.site.SiteRequestMetrics;

/**
 * A site the browser cannot reach: every failure comes out as a {@link SiteException} with our own text. Playwright's
 * own message lists the request's headers, the session cookie included, and must never get out of the adapter.
 */
@QuarkusTest
class BrowserErrorTests {

    private static final String SECRET = "s3cr3t-session-value";

    @Inject
    BrowserFleet fleet;
    @Inject
    SitePacer pacer;
    @Inject
    ObjectMapper json;

    /** A loopback address where nothing listens: the browser's requests are refused. */
    private static String closedSite() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** A job's browser session that holds a session cookie for the site, as after a login. */
    private BrowserSession loggedInSession(String base) {
        BrowserSession session = fleet.open(null);
        session.onContext(ctx -> {
            ctx.addCookies(List.of(new Cookie("ASP.NET_SessionId", SECRET).setUrl(base + "/")));
            return null;
        });
        return session;
    }

    @Test
    void aRefusedJsonCallFailsWithOurTextAndWithoutTheSessionCookie() throws Exception {
        String base = closedSite();
        try (BrowserSession session = loggedInSession(base)) {
            TrafikverketAdapter site = new TrafikverketAdapter(session, base, json, pacer, Duration.ofSeconds(3),
                    new SiteRequestMetrics(new SimpleMeterRegistry()),
                    LoginMode.page, new LoginFallbacks(new SimpleMeterRegistry(), Clock.systemUTC()));
            SiteException e = assertThrows(SiteException.class, site::isSystemUpdating);
            assertEquals("is-system-updating failed (no connection)", e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));
            assertEquals(SiteException.BROWSER_ERROR, e.status());
            assertFalse(e.isTransient(), "not retried in place: the attempt ends and the job is queued again");
            assertNull(e.getCause(), "Playwright's exception (with its call log) is not kept either");
        }
    }

    @Test
    void aPageThatCannotLoadFailsWithOurText() throws Exception {
        String base = closedSite();
        try (BrowserSession session = loggedInSession(base)) {
            TrafikverketAdapter site = new TrafikverketAdapter(session, base, json, pacer, Duration.ofSeconds(3),
                    new SiteRequestMetrics(new SimpleMeterRegistry()),
                    LoginMode.page, new LoginFallbacks(new SimpleMeterRegistry(), Clock.systemUTC()));
            SiteException e = assertThrows(SiteException.class, site::open);
            assertEquals("loading the app failed (browser error)", e.getMessage());
        }
    }

    @Test
    void anAppPageThatCannotLoadWithoutAPageFailsWithOurText() throws Exception {
        String base = closedSite();
        try (BrowserSession session = loggedInSession(base)) {
            TrafikverketAdapter site = new TrafikverketAdapter(session, base, json, pacer, Duration.ofSeconds(3),
                    new SiteRequestMetrics(new SimpleMeterRegistry()), LoginMode.lean,
                    new LoginFallbacks(new SimpleMeterRegistry(), Clock.systemUTC()));
            SiteException e = assertThrows(SiteException.class, site::open);
            assertEquals("the app's page failed (no connection)", e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));
        }
    }
}
