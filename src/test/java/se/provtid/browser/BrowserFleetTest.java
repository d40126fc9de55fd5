package se.provtid.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Cookie;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.bankid.QrImage;
import se.provtid.bankid.QrReader;
import se.provtid.support.StubSite;

/**
 * The fleet with real Chromium, without the app: engine fallback, what a context shows a site (user agent,
 * client hints, language, time zone), context isolation, leaked-context cleanup and canvas QR reading.
 */
class BrowserFleetTest {

    private static final String MISSING = "/nonexistent/provtid-test/browser";

    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    /** A site that records what each visitor sends and gives each a cookie of its own. */
    @RegisterExtension
    final StubSite server = StubSite.serving("/", ex -> {
        String visitor = ex.getRequestURI().getQuery();
        Map<String, String> headers = new ConcurrentHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        seen.put(visitor == null ? "" : visitor, headers);
        if (visitor != null) { // not for the browser's own /favicon.ico
            ex.getResponseHeaders().add("Set-Cookie", "visitor=" + visitor + "; Path=/");
        }
        StubSite.answer(ex, "text/html; charset=utf-8",
                "<!doctype html><title>site</title><div class=qrcode><canvas></canvas></div>");
    }).and("/download", ex -> {
        ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"report.bin\"");
        StubSite.answer(ex, "application/octet-stream", "a file a site wants saved");
    });
    @RegisterExtension
    final TestFleets fleets = new TestFleets();
    private BrowserFleet fleet;

    private String site(String visitor) {
        return server.url("/?" + visitor);
    }

    @Test
    void anEngineThatCannotLaunchIsSkippedWithAMetricAndTheNextOneIsUsed() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        fleet = fleets.start(Map.of("engines", List.of("firefox", "webkit", "chromium"),
                "firefoxPath", Optional.of(MISSING), "webkitPath", Optional.of(MISSING)), metrics);
        try (BrowserSession s = fleet.open(null)) {
            assertEquals(BrowserEngine.chromium, hostOf(s).engine());
            assertTrue(hostOf(s).version().startsWith(hostOf(s).version().split("\\.")[0] + "."));
        }
        assertEquals(1.0, metrics.get("provtid.browser.engine.launch.failures").tag("engine", "firefox").counter().count());
        assertEquals(1.0, metrics.get("provtid.browser.engine.launch.failures").tag("engine", "webkit").counter().count());
    }

    @Test
    void whenNoEngineLaunchesOpeningFailsWithEveryReasonInsteadOfHanging() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        fleet = fleets.start(Map.of("chromiumPath", Optional.of(MISSING),
                "firefoxPath", Optional.of(MISSING), "webkitPath", Optional.of(MISSING)), metrics);
        BrowserGoneException e = assertThrows(BrowserGoneException.class, () -> fleet.open(null));
        assertTrue(e.getMessage().contains("chromium") && e.getMessage().contains("firefox")
                && e.getMessage().contains("webkit"), e.getMessage());
        assertEquals(3, metrics.get("provtid.browser.engine.launch.failures").counters().stream()
                .mapToDouble(c -> c.count()).sum());
        assertTrue(fleet.hosts().isEmpty());
    }

    @Test
    void aContextLooksLikeAnOrdinarySwedishDesktopChromiumAndTheHeadersAgree() {
        fleet = fleets.start(Map.of());
        try (BrowserSession s = fleet.open(null)) {
            String major = hostOf(s).version().split("\\.")[0];
            @SuppressWarnings("unchecked")
            Map<String, Object> js = s.onPage(page -> {
                page.navigate(site("ua"));
                return (Map<String, Object>) page.evaluate("async () => ({ua: navigator.userAgent,"
                        + " brands: navigator.userAgentData.brands.map(b => b.brand + '/' + b.version).join(', '),"
                        + " hints: await navigator.userAgentData.getHighEntropyValues(['architecture', 'fullVersionList']),"
                        + " platform: navigator.platform, language: navigator.language,"
                        + " zone: Intl.DateTimeFormat().resolvedOptions().timeZone, webdriver: navigator.webdriver,"
                        + " width: screen.width, inner: innerWidth})");
            });
            String ua = (String) js.get("ua");
            assertTrue(ua.contains("Chrome/" + major + ".0.0.0") && !ua.contains("Headless"), ua);
            String brands = (String) js.get("brands");
            assertTrue(brands.contains("Chromium/" + major) && !brands.contains("Headless"), brands);
            @SuppressWarnings("unchecked")
            Map<String, Object> hints = (Map<String, Object>) js.get("hints");
            assertEquals("x86", hints.get("architecture"), "high-entropy hints must not be emptied by the override");
            assertTrue(hints.get("fullVersionList").toString().contains(hostOf(s).version()), hints.toString());
            assertEquals("sv-SE", js.get("language"));
            assertEquals("Europe/Stockholm", js.get("zone"));
            assertEquals(1366, ((Number) js.get("inner")).intValue());

            Map<String, String> h = seen.get("ua");
            assertEquals(ua, h.get("user-agent"), "the header and navigator.userAgent must agree");
            assertTrue(h.get("sec-ch-ua").contains("\"Chromium\";v=\"" + major + "\"") && !h.get("sec-ch-ua")
                    .contains("Headless"), h.get("sec-ch-ua"));
            assertEquals("\"Linux\"", h.get("sec-ch-ua-platform"));
            assertEquals("?0", h.get("sec-ch-ua-mobile"));
            assertTrue(h.get("accept-language").startsWith("sv-SE"), h.get("accept-language"));

            // A parked page comes back with the same face.
            s.park();
            assertTrue(s.parked());
            String again = s.onPage(page -> {
                page.navigate(site("again"));
                return (String) page.evaluate("navigator.userAgentData.brands.map(b => b.brand).join()");
            });
            assertTrue(again.contains("Chromium"), again);
            assertEquals(ua, seen.get("again").get("user-agent"));
            assertEquals(h.get("sec-ch-ua"), seen.get("again").get("sec-ch-ua"));
        }
    }

    @Test
    void twoJobsOnOneBrowserShareNoCookiesOrStorage() {
        fleet = fleets.start(Map.of());
        try (BrowserSession a = fleet.open(null); BrowserSession b = fleet.open(null)) {
            assertSame(hostOf(a), hostOf(b), "both contexts on one browser: isolation is the context's job");
            String idA = UUID.randomUUID().toString();
            String idB = UUID.randomUUID().toString();
            a.onPage(page -> visit(page, site(idA), "a"));
            b.onPage(page -> visit(page, site(idB), "b"));
            List<Cookie> cookiesA = a.onContext(c -> c.cookies());
            List<Cookie> cookiesB = b.onContext(c -> c.cookies());
            assertEquals(List.of("visitor=" + idA), cookiesA.stream().map(c -> c.name + "=" + c.value).toList(),
                    a.storageState());
            assertEquals(List.of("visitor=" + idB), cookiesB.stream().map(c -> c.name + "=" + c.value).toList());
            assertEquals("a", a.onPage(p -> p.evaluate("localStorage.getItem('who')")));
            assertEquals("b", b.onPage(p -> p.evaluate("localStorage.getItem('who')")));
            assertNotEquals(a.storageState(), b.storageState());
            // The site saw each visitor with only its own cookie (none on the first visit).
            a.onPage(page -> page.navigate(site("a-again")));
            assertEquals("visitor=" + idA, seen.get("a-again").get("cookie"));
        }
    }

    private static Object visit(Page page, String url, String who) {
        page.navigate(url);
        return page.evaluate("who => localStorage.setItem('who', who)", who);
    }

    @Test
    void cleanupClosesALeakedContextAndTheIdleHostButNotALiveOne() throws Exception {
        fleet = fleets.start(Map.of());
        Thread job = Thread.ofVirtual().name("job-leaky").start(() -> fleet.open(null)); // never closed: a leak
        job.join();
        try (BrowserSession live = fleet.open(null)) {
            BrowserFleet.Cleanup c = fleet.cleanup();
            assertEquals(1, c.contexts().size(), c.toString());
            assertEquals("leaky", c.contexts().getFirst().get("job_id"));
            assertTrue(c.hosts().isEmpty(), "a host with a live job stays");
            assertEquals(1, hostOf(live).contexts());
            assertEquals("x", live.onPage(p -> p.evaluate("'x'")));
        }
        BrowserFleet.Cleanup c = fleet.cleanup();
        assertEquals(1, c.hosts().size(), c.toString());
        assertTrue(fleet.hosts().isEmpty());
    }

    @Test
    void aHostIsRetiredAfterServingItsContextsAndTheNextJobGetsAFreshOne() {
        fleet = fleets.start(Map.of("retireAfterContexts", 2));
        BrowserHost first;
        try (BrowserSession a = fleet.open(null); BrowserSession b = fleet.open(null)) {
            first = hostOf(a);
            assertSame(first, hostOf(b));
        }
        try (BrowserSession c = fleet.open(null)) {
            assertNotSame(first, hostOf(c));
            assertTrue(!first.isRunning(), "the drained host stops once empty");
            assertTrue(hostOf(c).memoryKib() > 50 * 1024, "PSS of the browser tree: " + hostOf(c).memoryKib());
            assertTrue(hostOf(c).driverKib() > 10 * 1024, "PSS of the driver: " + hostOf(c).driverKib());
        }
    }

    @Test
    void jobsOpeningAtOnceRespectTheCapOfContextsPerHost() throws Exception {
        fleet = fleets.start(Map.of("contextsPerHost", 1, "maxInstances", 3));
        List<BrowserSession> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(Thread.ofVirtual().start(() -> sessions.add(fleet.open(null))));
        }
        for (Thread t : jobs) {
            t.join();
        }
        assertEquals(3, sessions.stream().map(this::hostOf).distinct().count(), "one context per host");
        sessions.forEach(BrowserSession::close);
    }

    @Test
    void aHostAboveTheMemoryLimitTakesNoNewContexts() {
        fleet = fleets.start(Map.of("memoryLimitMib", 1));
        try (BrowserSession a = fleet.open(null); BrowserSession b = fleet.open(null)) {
            assertNotSame(hostOf(a), hostOf(b));
            assertTrue(hostOf(a).draining().contains("BROWSER_MEMORY_LIMIT"), hostOf(a).draining());
            assertEquals("x", a.onPage(p -> p.evaluate("'x'")), "a draining host still serves its jobs");
        }
    }

    @Test
    void aCallThatHangsTimesOutAndTheHostIsReplaced() {
        // Short, for a quick test: a launch has a timeout of its own (at least 60 s), so a busy machine still launches.
        fleet = fleets.start(Map.of("callTimeout", java.time.Duration.ofSeconds(5)));
        BrowserHost stuck;
        try (BrowserSession s = fleet.open(null)) {
            stuck = hostOf(s);
            // A page that never answers: Playwright waits on the host's thread far longer than the call timeout.
            assertThrows(BrowserGoneException.class, () -> s.onPage(p -> p.evaluate("() => new Promise(() => {})")));
            assertNotNull(stuck.broken());
        }
        try (BrowserSession next = fleet.open(null)) {
            assertNotSame(stuck, hostOf(next));
            assertEquals("x", next.onPage(p -> p.evaluate("'x'")));
        }
        assertTrue(!stuck.isRunning());
    }

    @Test
    void theCanvasOfAPageIsReadBackFromItsScreenshot() {
        fleet = fleets.start(Map.of());
        String payload = "bankid.6b5a8f0f-6b5a-4c3e-9a1b-2f0e4a1d9c7e.12."
                + "a3f1c2e4b5d6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2";
        try (BrowserSession s = fleet.open(null)) {
            byte[] png = s.onPage(page -> {
                page.navigate(site("qr"));
                page.evaluate("src => new Promise(done => { const img = new Image(); img.onload = () => {"
                        + " const c = document.querySelector('.qrcode canvas'); c.width = img.width; c.height = img.height;"
                        + " c.getContext('2d').drawImage(img, 0, 0); done(); }; img.src = src; })",
                        QrImage.dataUrl(payload));
                return page.locator(".qrcode canvas").screenshot();
            });
            assertNotNull(png);
            assertEquals(payload, QrReader.decode(png));
        }
    }

    @Test
    void onlyTheSitesOriginMayReadThePosition() {
        fleet = fleets.start(Map.of());
        int port = server.port();
        try (BrowserSession s = fleet.open(null)) {
            s.locate(57.7089, 11.9746, "http://127.0.0.1:" + port);
            assertEquals("57.7089,11.9746", position(s, "http://127.0.0.1:" + port + "/?site"));
            // Another origin (localhost is as trustworthy as 127.0.0.1, so it could ask) is refused.
            assertEquals("denied", position(s, "http://localhost:" + port + "/?elsewhere"));
        }
    }

    @Test
    void aSiteOnANonSecureOriginGetsNoPositionAndTheJobGoesOn() {
        // The compose demo: the workers' browsers reach the simulator at http://api:8080, an origin Chromium counts
        // as not secure (127.0.0.1 and localhost are), and refuses to grant it the position. The host name is
        // mapped to this test's site, as the compose network's DNS maps it to the api container.
        fleet = new BrowserFleet(TestBrowserConfig.with(Map.of("chromiumArgs",
                Optional.of(List.of("--host-resolver-rules=MAP api 127.0.0.1")))), new SimpleMeterRegistry());
        String origin = "http://api:" + server.port();
        try (WarnLog log = WarnLog.of(BrowserSession.class); BrowserSession s = fleet.open(null)) {
            s.locate(57.7089, 11.9746, origin); // refused by Chromium: said, not thrown
            assertEquals(List.of("The browser does not let " + origin + " read the position (Chromium grants it to"
                    + " https and loopback origins only): the site sees none"), log.warnings());
            s.locate(57.7089, 11.9746, origin);
            assertEquals(1, log.warnings().size(), "said once per origin, not once per job");
            // The page still loads and works; it is only refused the position, as by someone who never allowed it.
            String where = position(s, origin + "/?site");
            assertTrue(where.equals("denied"), where);
        }
    }

    private static String position(BrowserSession s, String url) {
        return s.onPage(page -> {
            page.navigate(url);
            return (String) page.evaluate("() => new Promise(ok => navigator.geolocation.getCurrentPosition("
                    + "p => ok(p.coords.latitude + ',' + p.coords.longitude), e => ok('denied'), {timeout: 5000}))");
        });
    }

    @Test
    void aDownloadIsRefusedAndNothingIsSaved() {
        fleet = fleets.start(Map.of());
        String file = server.url("/download");
        try (BrowserSession s = fleet.open(null)) {
            String outcome = s.onPage(page -> {
                page.navigate(site("downloads"));
                try {
                    Download d = page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(5_000),
                            () -> page.evaluate("url => { const a = document.createElement('a'); a.href = url;"
                                    + " a.download = 'report.bin'; document.body.append(a); a.click(); }", file));
                    String failure = d.failure();
                    return failure == null ? "saved" : "refused: " + failure;
                } catch (TimeoutError e) {
                    return "refused: no download began";
                }
            });
            assertTrue(outcome.startsWith("refused"), outcome);
        }
    }

    private BrowserHost hostOf(BrowserSession s) {
        return fleets.hostOf(s);
    }

    private static void assertNotSame(Object a, Object b) {
        org.junit.jupiter.api.Assertions.assertNotSame(a, b);
    }
}
