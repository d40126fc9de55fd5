package se.provtid.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.StubSite;

/** A context's JSON calls go out from the job's thread with the context's cookies, and their cookies come back. */
class ContextHttpTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowArrived = new CountDownLatch(1);
    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    @RegisterExtension
    final StubSite server = StubSite.serving("/", ex -> {
        String path = ex.getRequestURI().getPath();
        Map<String, String> h = new ConcurrentHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
        seen.put(path, h);
        if (path.equals("/Boka/slow")) {
            slowArrived.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.getResponseHeaders().add("Set-Cookie", "FpsExternalIdentity=second; Path=/; HttpOnly");
            ex.getResponseHeaders().add("Set-Cookie", "LoginValid=2026-12-01 09:00; Path=/");
            ex.getResponseHeaders().add("Set-Cookie", "Gone=x; Path=/; Max-Age=0");
        } else {
            ex.getResponseHeaders().add("Set-Cookie", "FpsExternalIdentity=first; Path=/; HttpOnly");
            ex.getResponseHeaders().add("Set-Cookie", "Gone=here; Path=/");
        }
        StubSite.answer(ex, path.startsWith("/Boka/") ? "application/json" : "text/html",
                path.startsWith("/Boka/") ? "{\"status\":200}" : "<!doctype html><title>app</title>");
    }).onVirtualThreads();
    @RegisterExtension
    final TestFleets fleets = new TestFleets();
    private BrowserFleet fleet;

    /** A held answer must not outlive its test (the site stops after this). */
    @AfterEach
    void releaseTheSlowAnswer() {
        release.countDown();
    }

    private String url(String path) {
        return server.url(path);
    }

    @Test
    void aSlowAnswerHoldsUpNoOtherJobOfTheHostAndCookiesGoBothWays() throws Exception {
        fleet = fleets.start(Map.of());
        BrowserSession a = fleet.open(null);
        BrowserSession b = fleet.open(null);
        a.onPage(p -> p.navigate(url("/Boka/ng/"))); // the app sets the session's first cookies
        CompletableFuture<BrowserSession.HttpAnswer> slow = CompletableFuture.supplyAsync(() -> a.post(url("/Boka/slow"),
                Map.of("Content-Type", "application/json", "X-Requested-With", "XMLHttpRequest"), "null",
                Duration.ofSeconds(30)), Executors.newVirtualThreadPerTaskExecutor());
        assertTrue(slowArrived.await(30, TimeUnit.SECONDS), "the slow call reached the site");

        // While the site sits on a's call, b's Playwright calls on the same host go through.
        assertEquals(2, (Integer) b.onPage(p -> p.evaluate("1 + 1")));
        b.onPage(p -> p.navigate(url("/other")));
        assertFalse(slow.isDone(), "a's answer has not come yet");

        release.countDown();
        BrowserSession.HttpAnswer answer = slow.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.status());
        assertEquals("{\"status\":200}", answer.body());
        Map<String, String> sent = seen.get("/Boka/slow");
        assertTrue(sent.get("cookie").contains("FpsExternalIdentity=first"), "the context's cookies went along: " + sent);
        assertTrue(sent.get("user-agent").contains("Chrome/") && !sent.get("user-agent").contains("Headless"), sent.get("user-agent"));
        assertEquals("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", sent.get("accept-language"));
        assertEquals("XMLHttpRequest", sent.get("x-requested-with"));

        Map<String, String> jar = new ConcurrentHashMap<>();
        a.onContext(ctx -> ctx.cookies()).forEach(c -> jar.put(c.name, c.value));
        assertEquals("second", jar.get("FpsExternalIdentity"), "the answer's cookies are the context's now");
        assertEquals("2026-12-01 09:00", jar.get("LoginValid"));
        assertNull(jar.get("Gone"), "an expired cookie is removed");
        Map<String, String> other = new ConcurrentHashMap<>();
        b.onContext(ctx -> ctx.cookies()).forEach(c -> other.put(c.name, c.value));
        assertEquals("first", other.get("FpsExternalIdentity"), "b's cookies are its own");
        a.close();
        b.close();
    }

    @Test
    void noAnswerInTimeIsATimeoutInOurOwnWords() {
        fleet = fleets.start(Map.of());
        try (BrowserSession a = fleet.open(null)) {
            ContextHttpException e = assertThrows(ContextHttpException.class,
                    () -> a.post(url("/Boka/slow"), Map.of(), "null", Duration.ofMillis(300)));
            assertTrue(e.timedOut());
            assertEquals("no answer within 0 s", e.getMessage());
            ContextHttpException refused = assertThrows(ContextHttpException.class,
                    () -> a.post("http://127.0.0.1:1/Boka/x", Map.of(), "null", Duration.ofSeconds(5)));
            assertFalse(refused.timedOut());
            assertFalse(refused.getMessage().contains("127.0.0.1"), refused.getMessage());
        }
    }

    @Test
    void setCookieHeadersBecomeTheContextsCookies() {
        URI uri = URI.create("https://fp.trafikverket.se/Boka/check-authentication-status-qr");
        Cookie c = ContextHttp.parse(uri, "LoginValid=2026-12-01 09:00; path=/; secure; HttpOnly; SameSite=Strict", 1000);
        assertEquals("LoginValid", c.name);
        assertEquals("2026-12-01 09:00", c.value);
        assertEquals("fp.trafikverket.se", c.domain, "host-only without a Domain attribute");
        assertEquals("/", c.path);
        assertTrue(c.secure && c.httpOnly);
        assertEquals(SameSiteAttribute.STRICT, c.sameSite);
        assertNull(c.expires, "a session cookie");

        Cookie d = ContextHttp.parse(uri, "a=b; Domain=.Trafikverket.se; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT", 1000);
        assertEquals(".trafikverket.se", d.domain);
        assertEquals("/Boka", d.path, "RFC 6265's default path");
        assertEquals(1060.0, d.expires, "Max-Age wins over Expires");
        Cookie e = ContextHttp.parse(uri, "a=b; Expires=Wed, 21 Oct 2015 07:28:00 GMT", 1000);
        assertEquals(1445412480.0, e.expires);
        assertNull(ContextHttp.parse(uri, "novalue", 1000));
        assertEquals(List.of("/", "/", "/Boka", "/a/b"), List.of(ContextHttp.defaultPath("/"), ContextHttp.defaultPath("/x"),
                ContextHttp.defaultPath("/Boka/x"), ContextHttp.defaultPath("/a/b/c")));
    }
}
