package se.provtid.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Geolocation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One job's private browser context on a host; every use goes through the host's thread. The page can be
 * parked (closed) while the job only calls the site's JSON with the context's cookies, and comes back on use.
 */
public final class BrowserSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BrowserSession.class);
    /** Origins already warned about: once per process is enough, every job of the demo would say it again. */
    private static final Set<String> UNLOCATED_ORIGINS = ConcurrentHashMap.newKeySet();

    private final BrowserHost host;
    private final BrowserContext context;
    /** The job's thread; a session opened ahead of demand belongs to its pool's thread until a job takes it. */
    private volatile Thread owner;
    private final Instant openedAt = Instant.now();
    private final ContextHttp http;
    private volatile Page page;
    private volatile Instant lastUsed = openedAt;
    private boolean closed;

    BrowserSession(BrowserHost host, BrowserContext context, Page page, Thread owner) {
        this.host = host;
        this.owner = owner;
        this.context = context;
        this.page = page;
        this.http = new ContextHttp(host, context, host.fingerprint().userAgent());
    }

    /** What a {@link #post} got back: the HTTP status and the body. */
    public record HttpAnswer(int status, String body) {
    }

    /**
     * POSTs with this context's cookies, user agent and language, from the calling thread: only reading the cookies
     * before and storing the ones the answer sets use the host's thread, so a slow site stalls no other job of this
     * host. Fails with {@link ContextHttpException} (our own text) when there is no answer.
     */
    public HttpAnswer post(String url, Map<String, String> headers, String body, Duration timeout) {
        lastUsed = Instant.now();
        ContextHttp.Answer a = http.post(url, headers, body, timeout);
        return new HttpAnswer(a.status(), a.body());
    }

    /**
     * GETs {@code url} as a plain load, with this context's cookies (the ones the answer sets are stored), from the
     * calling thread: nothing is rendered and nothing the page would fetch is fetched.
     */
    public HttpAnswer get(String url, Map<String, String> headers, Duration timeout) {
        lastUsed = Instant.now();
        ContextHttp.Answer a = http.get(url, headers, timeout);
        return new HttpAnswer(a.status(), a.body());
    }

    /** Whether the context holds a cookie named {@code name} for {@code url}. */
    public boolean hasCookie(String url, String name) {
        return host.call(() -> context.cookies(url).stream().anyMatch(c -> c.name.equals(name)));
    }

    /** Sets a cookie for {@code url}, as a page's script would ({@code document.cookie}, path {@code /}). */
    public void addCookie(String url, String name, String value) {
        host.call(() -> {
            context.addCookies(List.of(new com.microsoft.playwright.options.Cookie(name, value).setUrl(url)));
            return null;
        });
    }

    /**
     * Gives this session to {@code thread}'s job: a session opened ahead of demand by a pool belongs to the pool's
     * thread until then, so that it never counts as leaked while it waits.
     */
    public void handTo(Thread thread) {
        owner = thread;
    }

    /** Runs a short call with this session's page on the host thread; a parked page is opened again (blank). */
    public <T> T onPage(Function<Page, T> work) {
        return host.call(() -> {
            lastUsed = Instant.now();
            return work.apply(livePage());
        });
    }

    /** Runs a short call with this session's context on the host thread. */
    public <T> T onContext(Function<BrowserContext, T> work) {
        return host.call(() -> {
            lastUsed = Instant.now();
            return work.apply(context);
        });
    }

    /** The context's cookies and local storage as JSON, to resume the site session elsewhere. */
    public String storageState() {
        return host.call(() -> context.storageState());
    }

    /**
     * Closes the page but keeps the context (cookies, storage): a renderer process is most of what a job costs,
     * and a job that only polls the site's JSON does not need one. Listeners on the context keep working.
     */
    public void park() {
        host.call(() -> {
            Page p = page;
            page = null;
            if (p != null && !p.isClosed()) {
                try {
                    p.close();
                } catch (PlaywrightException e) {
                    // Parking only saves memory: a page that fails to close goes with its context at the latest,
                    // and must not fail the job's attempt (the job would need a new login, a new QR code).
                }
            }
            return null;
        });
    }

    /**
     * Puts the browser's position near a place (as a phone or laptop there would report it) and lets pages of
     * {@code origin} (scheme, host and port: the booking site) read it. Any other page that asks is refused, as by
     * someone who never allowed it. Best effort: Chromium grants the position only to secure origins (https and
     * loopback), so for a site such as the compose demo's {@code http://api:8080} it is refused; the site then sees
     * none, which is never worth failing a job over. Returns whether the site may read the position.
     */
    public boolean locate(double latitude, double longitude, String origin) {
        return host.call(() -> {
            try {
                context.setGeolocation(new Geolocation(latitude, longitude).setAccuracy(100));
                context.grantPermissions(List.of("geolocation"),
                        new BrowserContext.GrantPermissionsOptions().setOrigin(origin));
                return true;
            } catch (PlaywrightException e) {
                // Chromium's own text is not logged (third-party messages never are); ours says what happened.
                if (UNLOCATED_ORIGINS.add(origin)) {
                    LOG.warnf("The browser does not let %s read the position (Chromium grants it to https and"
                            + " loopback origins only): the site sees none", origin);
                } else {
                    LOG.debugf("The browser does not let %s read the position", origin);
                }
                return false;
            }
        });
    }

    private Page livePage() {
        Page p = page;
        if (p == null || p.isClosed()) {
            p = context.newPage();
            host.fingerprint().apply(context, p);
            page = p;
        }
        return p;
    }

    /** Whether the page is parked (closed) right now. */
    public boolean parked() {
        Page p = page;
        return p == null || p.isClosed();
    }

    /** The job this context serves: worker threads are named {@code job-<id>}. */
    public String jobId() {
        String name = owner.getName();
        return name.startsWith("job-") ? name.substring(4) : name;
    }

    /** A context whose job thread ended without closing it is leaked. */
    public boolean leaked() {
        return !owner.isAlive();
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant lastUsed() {
        return lastUsed;
    }

    BrowserContext context() {
        return context;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        try {
            host.call(() -> {
                context.close();
                return null;
            });
        } catch (RuntimeException e) {
            // The browser may already be gone; the context goes with it.
        } finally {
            host.closed(this);
        }
    }
}
