package se.provtid.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.StubSite;

/** Warm idle hosts ahead of demand, hosts filled before the next is used, and what a page is never allowed to fetch. */
class WarmHostsAndBlockingTest {

    /** A Chromium launch takes about a second; far longer on a busy machine. */
    private static final Duration HOST_START = Duration.ofSeconds(60);
    private static final String PAGE = """
            <!doctype html><title>login</title>
            <style>@font-face { font-family: F; src: url(/font.woff2) format('woff2'); } body { font-family: F; }</style>
            <img src="/logo.png"><video src="/clip.mp4" autoplay muted></video>
            <script src="/app.js"></script>
            <p>Logga in</p>""";

    private final Set<String> fetched = ConcurrentHashMap.newKeySet();
    @RegisterExtension
    final StubSite server = StubSite.serving("/", ex -> {
        fetched.add(ex.getRequestURI().getPath());
        boolean page = ex.getRequestURI().getPath().equals("/");
        StubSite.answer(ex, page ? "text/html; charset=utf-8" : "application/javascript", page ? PAGE : "x");
    });
    @RegisterExtension
    final TestFleets fleets = new TestFleets();
    private BrowserFleet fleet;

    private void load(BrowserSession s) {
        String url = server.url("/");
        s.onPage(p -> {
            p.navigate(url);
            p.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            return null;
        });
    }

    @Test
    void imagesFontsAndMediaAreNeverFetched() {
        fleet = fleets.start(Map.of());
        try (BrowserSession s = fleet.open(null)) {
            load(s);
        }
        assertTrue(fetched.containsAll(List.of("/", "/app.js")), "the page and its script load: " + fetched);
        assertFalse(fetched.contains("/logo.png") || fetched.contains("/font.woff2") || fetched.contains("/clip.mp4"),
                "no image, font or media: " + fetched);
    }

    @Test
    void withBlockingOffTheyAre() {
        fleet = fleets.start(Map.of("blockResources", false));
        try (BrowserSession s = fleet.open(null)) {
            load(s);
        }
        assertTrue(fetched.containsAll(List.of("/", "/app.js", "/logo.png")), "everything loads: " + fetched);
    }

    @Test
    void analyticsHostsAndMediaFilesMatchOrdinaryRequestsDoNot() {
        for (String blocked : List.of("https://www.google-analytics.com/g/collect?v=2",
                "https://www.googletagmanager.com/gtag/js?id=G-1", "https://siteimproveanalytics.com/js/x.js",
                "https://static.hotjar.com/c/hotjar-1.js", "https://fp.trafikverket.se/Boka/ng/assets/logo.svg",
                "https://fp.trafikverket.se/fonts/Roboto.woff2?v=3", "https://x.se/a.PNG#frag")) {
            assertTrue(ResourceBlocking.BLOCKED.matcher(blocked).matches(), blocked);
        }
        for (String allowed : List.of("https://fp.trafikverket.se/Boka/ng/", "https://fp.trafikverket.se/Boka/ng/main.js",
                "https://fp.trafikverket.se/Boka/check-authentication-status-qr",
                "https://fp.trafikverket.se/Boka/ng/styles.css", "https://fp.trafikverket.se/Boka/ng/?img=a.png")) {
            assertFalse(ResourceBlocking.BLOCKED.matcher(allowed).matches(), allowed);
        }
    }

    @Test
    void aWarmHostWaitsIdleHostsFillUpBeforeTheNextAndTheNextWarmOneStarts() {
        fleet = fleets.start(Map.of("contextsPerHost", 2, "maxInstances", 3));
        fleet.keepWarm();
        await("a warm host starts before any job").atMost(HOST_START).until(() -> fleet.hosts().size() == 1);
        BrowserHost warm = fleet.hosts().getFirst();
        BrowserSession a = fleet.open(null);
        assertSame(warm, hostOf(a), "the first job gets the warm host");
        await("the next warm host starts once the idle one is taken").atMost(HOST_START)
                .until(() -> fleet.hosts().size() == 2);
        BrowserSession b = fleet.open(null);
        assertSame(warm, hostOf(b), "a host with room is filled before the idle one is used");
        BrowserSession c = fleet.open(null);
        BrowserHost second = hostOf(c);
        assertFalse(second == warm);
        await("and so on").atMost(HOST_START).until(() -> fleet.hosts().size() == 3);
        BrowserSession d = fleet.open(null);
        assertSame(second, hostOf(d));
        // Three hosts is the cap: no fourth starts although none is idle now, not for a moment.
        await("three hosts stay three").during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .until(() -> fleet.hosts().size() == 3);
        assertEquals(3, fleet.hosts().size());
        List.of(a, b, c, d).forEach(BrowserSession::close);
    }

    private BrowserHost hostOf(BrowserSession s) {
        return fleets.hostOf(s);
    }
}
