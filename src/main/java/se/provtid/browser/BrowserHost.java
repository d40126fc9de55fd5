package se.provtid.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One Playwright, one browser and the one platform thread that makes every Playwright call for them
 * (Playwright objects are not thread-safe). Jobs hand it short calls; while idle it pumps browser events.
 */
public final class BrowserHost implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BrowserHost.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long PUMP_MS = 25;

    private final String id;
    private final Thread thread;
    private final LinkedBlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
    private final Instant startedAt = Instant.now();
    private final AtomicInteger contexts = new AtomicInteger();
    private final AtomicInteger contextsServed = new AtomicInteger();
    private volatile boolean running = true;
    private volatile Instant idleSince = Instant.now();
    private Playwright playwright;
    private Browser browser;
    private String version;

    private BrowserHost(String id) {
        this.id = id;
        this.thread = Thread.ofPlatform().daemon().name("browser-host-" + id).unstarted(this::loop);
    }

    /** Starts a host: its thread, Playwright's driver and a browser. */
    public static BrowserHost launch(BrowserSettings settings) {
        BrowserHost host = new BrowserHost(Integer.toString(COUNTER.incrementAndGet()));
        host.thread.start();
        try {
            host.call(() -> {
                host.playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                BrowserType.LaunchOptions options = new BrowserType.LaunchOptions()
                        .setHeadless(settings.headless())
                        .setArgs(List.of("--disable-gpu", "--disable-background-networking",
                                "--disable-component-update", "--disable-sync", "--no-first-run",
                                "--disable-dev-shm-usage"))
                        .setChromiumSandbox(false);
                settings.chromiumPath().ifPresent(p -> options.setExecutablePath(Path.of(p)));
                host.browser = host.playwright.chromium().launch(options);
                host.version = host.browser.version();
                return null;
            });
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        LOG.infof("browser host %s started: chromium %s", host.id, host.version);
        return host;
    }

    /** Runs a short Playwright call on this host's thread and waits for its result. */
    public <T> T call(Supplier<T> work) {
        if (Thread.currentThread() == thread) {
            return work.get();
        }
        if (!running) {
            throw new BrowserGoneException("browser host " + id + " is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        calls.add(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserGoneException("interrupted while waiting for browser host " + id);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BrowserGoneException("browser host " + id + " did not answer in time");
        }
    }

    private void loop() {
        while (running) {
            try {
                Runnable next = calls.poll(PUMP_MS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.run();
                } else {
                    pump();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.debugf("browser host %s pump: %s", id, e.toString());
            }
        }
        Runnable r;
        while ((r = calls.poll()) != null) {
            r.run(); // each fails fast: the browser is closed
        }
    }

    /** Lets Playwright dispatch pending events (responses, dialogs) while no job is calling. */
    private void pump() {
        if (browser == null || contexts.get() == 0) {
            return;
        }
        for (var ctx : browser.contexts()) {
            List<Page> pages = ctx.pages();
            if (!pages.isEmpty()) {
                pages.getFirst().waitForTimeout(1);
                return;
            }
        }
    }

    public boolean isConnected() {
        return running && browser != null && call(browser::isConnected);
    }

    Browser browser() {
        return browser;
    }

    void contextOpened() {
        contexts.incrementAndGet();
        contextsServed.incrementAndGet();
    }

    void contextClosed() {
        if (contexts.decrementAndGet() == 0) {
            idleSince = Instant.now();
        }
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    public int contexts() {
        return contexts.get();
    }

    public int contextsServed() {
        return contextsServed.get();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant idleSince() {
        return idleSince;
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            call(() -> {
                if (playwright != null) {
                    playwright.close();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debugf("browser host %s close: %s", id, e.toString());
        } finally {
            running = false;
            LOG.infof("browser host %s closed", id);
        }
    }
}
