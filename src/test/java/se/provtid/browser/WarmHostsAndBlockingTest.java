package se.provtid.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warm idle hosts ahead of demand, hosts filled before the next is used, and what a page is never allowed to fetch. */
class WarmHostsAndBlockingTest {

    private static final String PAGE = """
            <!doctype html><title>login</title>
            <style>@font-face { font-family: F; src: url(/font.woff2) format('woff2'); } body { font-family: F; }</style>
            <img src="/logo.png"><video src="/clip.mp4" autoplay muted></video>
            <script src="/app.js"></script>
            <p>Logga in</p>""";

    private HttpServer server;
    private final Set<String> fetched = ConcurrentHashMap.newKeySet();
    private BrowserFleet fleet;

    @BeforeEach
    void startSite() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            fetched.add(ex.getRequestURI().getPath());
            boolean page = ex.getRequestURI().getPath().equals("/");
            byte[] body = (page ? PAGE : "x").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", page ? "text/html; charset=utf-8" : "application/javascript");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.shutdown(null);
        }
        server.stop(0);
    }

    private void load(BrowserSession s) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        s.onPage(p -> {
            p.navigate(url);
            p.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            return null;
        });
    }

    @Test
    void imagesFontsAndMediaAreNeverFetched() {
        fleet = new BrowserFleet(TestBrowserConfig.with(Map.of()), new SimpleMeterRegistry());
        try (BrowserSession s = fleet.open(null)) {
            load(s);
        }
        assertTrue(fetched.containsAll(List.of("/", "/app.js")), "the page and its script load: " + fetched);
        assertFalse(fetched.contains("/logo.png") || fetched.contains("/font.woff2") || fetched.contains("/clip.mp4"),
                "no image, font or media: " + fetched);
    }

    @Test
    void withBlockingOffTheyAre() {
        fleet = new BrowserFleet(TestBrowserConfig.with(Map.of("blockResources", false)), new SimpleMeterRegistry());
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
        fleet = new BrowserFleet(TestBrowserConfig.with(Map.of("contextsPerHost", 2, "maxInstances", 3)),
                new SimpleMeterRegistry());
        fleet.keepWarm();
        await(() -> fleet.hosts().size() == 1, "a warm host starts before any job");
        BrowserHost warm = fleet.hosts().getFirst();
        BrowserSession a = fleet.open(null);
        assertSame(warm, hostOf(a), "the first job gets the warm host");
        await(() -> fleet.hosts().size() == 2, "the next warm host starts once the idle one is taken");
        BrowserSession b = fleet.open(null);
        assertSame(warm, hostOf(b), "a host with room is filled before the idle one is used");
        BrowserSession c = fleet.open(null);
        BrowserHost second = hostOf(c);
        assertFalse(second == warm);
        await(() -> fleet.hosts().size() == 3, "and so on");
        BrowserSession d = fleet.open(null);
        assertSame(second, hostOf(d));
        // Three hosts is the cap: no fourth starts although none is idle now.
        sleep(1_500);
        assertEquals(3, fleet.hosts().size());
        List.of(a, b, c, d).forEach(BrowserSession::close);
    }

    /** The host that serves the session (the fleet's hosts list their sessions). */
    private BrowserHost hostOf(BrowserSession s) {
        return fleet.hosts().stream().filter(h -> h.sessions().contains(s)).findFirst().orElseThrow();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
