package se.provtid.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One Playwright, one browser and the one platform thread that makes every Playwright call for them
 * (Playwright objects are not thread-safe). Jobs hand it short calls; while idle it pumps browser events.
 */
public final class BrowserHost implements AutoCloseable {

    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(BrowserHost.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long PUMP_MS = 25;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MEMORY_CACHE = Duration.ofSeconds(5);

    private final String id;
    private final String marker = UUID.randomUUID().toString();
    private final Thread thread;
    private final Duration callTimeout;
    private final LinkedBlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
    private final Instant startedAt = Instant.now();
    private final Set<BrowserSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger contextsServed = new AtomicInteger();
    /** Contexts promised to jobs that are still being opened: counted as taken, or many jobs pick one host at once. */
    private final AtomicInteger reserved = new AtomicInteger();
    private volatile boolean running = true;
    /** The browser disconnected or crashed, or the thread stopped answering: take no work, replace the host. */
    private volatile String broken;
    /** Set when the host should finish its contexts but take no new ones (served enough, too big). */
    private volatile String draining;
    private volatile Instant idleSince = Instant.now();
    private volatile long driverPid = -1;
    private volatile long browserPid = -1;
    private volatile long memoryKib = -1;
    private volatile Instant memoryAt = Instant.EPOCH;
    private Playwright playwright;
    private Browser browser;
    private BrowserEngine engine;
    private String version;
    private Fingerprint fingerprint;

    private BrowserHost(String id, Duration callTimeout) {
        this.id = id;
        this.callTimeout = callTimeout;
        this.thread = Thread.ofPlatform().daemon().name("browser-host-" + id).unstarted(this::loop);
    }

    /**
     * Starts a host: its thread, Playwright's driver and the first engine of the list that launches.
     * {@code skipped} hears of every engine that failed to launch (for the log and a metric).
     */
    static BrowserHost launch(BrowserSettings settings, ChromiumSandbox sandbox,
            BiConsumer<BrowserEngine, RuntimeException> skipped) {
        BrowserHost host = new BrowserHost(Integer.toString(COUNTER.incrementAndGet()), settings.callTimeout());
        host.thread.start();
        // Starting a driver and a browser takes far longer than a page call on a busy machine: the launch gets at
        // least LAUNCH_TIMEOUT, so a short BROWSER_CALL_TIMEOUT never fails a healthy launch (a hung one still ends).
        Duration launchTimeout = settings.callTimeout().compareTo(LAUNCH_TIMEOUT) > 0 ? settings.callTimeout()
                : LAUNCH_TIMEOUT;
        try {
            host.call(() -> {
                Set<Long> before = childPids();
                host.playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                childPids().stream().filter(p -> !before.contains(p)).findFirst().ifPresent(p -> host.driverPid = p);
                host.browser = host.launchFirst(settings, sandbox, skipped);
                host.browser.onDisconnected(b -> host.markBroken("the browser disconnected"));
                host.version = host.browser.version();
                host.fingerprint = Fingerprint.probe(host.browser, host.engine);
                return null;
            }, launchTimeout);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        host.browserPid = host.engine == BrowserEngine.chromium ? ProcessTree.findByArgument(host.marker).orElse(-1)
                : ProcessHandle.of(host.driverPid).stream().flatMap(ProcessHandle::children).mapToLong(ProcessHandle::pid)
                        .findFirst().orElse(-1);
        LOG.infof("browser host %s started: %s %s (browser pid %d)", host.id, host.engine, host.version,
                host.browserPid);
        return host;
    }

    private Browser launchFirst(BrowserSettings settings, ChromiumSandbox sandbox,
            BiConsumer<BrowserEngine, RuntimeException> skipped) {
        List<String> failures = new ArrayList<>();
        for (BrowserSettings.Engine e : settings.engines()) {
            try {
                Browser b = e.engine() == BrowserEngine.chromium ? launchChromium(settings, e, sandbox)
                        : launch(settings, e, false);
                engine = e.engine();
                return b;
            } catch (RuntimeException ex) {
                // Our words and the class only: Playwright's launch message carries the browser's whole output.
                String why = e.executablePath().map(p -> p + ": ").orElse("") + ex.getClass().getSimpleName();
                LOG.warnf("browser host %s: %s did not launch (%s); trying the next engine", id, e.engine(), why);
                failures.add(e.engine() + " (" + why + ")");
                skipped.accept(e.engine(), ex);
            }
        }
        throw new BrowserGoneException("no browser engine could be launched: " + String.join("; ", failures));
    }

    /** Chromium in its sandbox when the policy wants it; without it only when the policy allows a fallback. */
    private Browser launchChromium(BrowserSettings settings, BrowserSettings.Engine e, ChromiumSandbox sandbox) {
        if (!sandbox.wanted()) {
            return launch(settings, e, false);
        }
        try {
            return launch(settings, e, true);
        } catch (RuntimeException sandboxed) {
            if (!sandbox.mayFallBack()) {
                throw sandboxed;
            }
            Browser b = launch(settings, e, false); // failing here too, the engine fails: no fallback happened
            sandbox.fellBack(id, sandboxed);
            return b;
        }
    }

    private Browser launch(BrowserSettings settings, BrowserSettings.Engine e, boolean chromiumSandbox) {
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(settings.headless())
                .setArgs(e.engine().args(marker, settings.chromiumArgs()))
                .setTimeout(settings.callTimeout().toMillis() / 2.0);
        if (e.engine() == BrowserEngine.chromium) {
            options.setChromiumSandbox(chromiumSandbox); // false makes Playwright add --no-sandbox
        }
        e.executablePath().ifPresent(p -> options.setExecutablePath(Path.of(p)));
        return e.engine().type(playwright).launch(options);
    }

    /** Runs a short Playwright call on this host's thread and waits for its result, at most the call timeout. */
    public <T> T call(Supplier<T> work) {
        return call(work, callTimeout);
    }

    private <T> T call(Supplier<T> work, Duration timeout) {
        if (Thread.currentThread() == thread) {
            return work.get();
        }
        if (!running) {
            throw new BrowserGoneException("browser host " + id + " is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        calls.add(() -> {
            if (result.isDone()) {
                return; // the caller gave up already
            }
            try {
                result.complete(work.get());
            } catch (PlaywrightException e) {
                // Playwright reports a crashed browser as an ordinary error; say what it is, so the job fails over.
                if (browser != null && !browser.isConnected()) {
                    markBroken("the browser disconnected");
                    result.completeExceptionally(new BrowserGoneException("browser host " + id + ": " + broken, e));
                } else {
                    result.completeExceptionally(e);
                }
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserGoneException("interrupted while waiting for browser host " + id);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            result.cancel(false);
            // A thread stuck inside Playwright holds up every job of this host: replace it.
            markBroken("a call did not finish within " + timeout.toSeconds() + " s");
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
                break;
            } catch (RuntimeException e) {
                LOG.debugf("browser host %s pump: %s", id, e.getClass().getSimpleName());
            }
        }
        Runnable r;
        while ((r = calls.poll()) != null) {
            r.run(); // each fails fast: the browser is closed
        }
    }

    /** Lets Playwright dispatch pending events (responses, dialogs, a disconnect) while no job is calling. */
    private void pump() {
        if (browser == null || sessions.isEmpty() || broken != null) {
            return;
        }
        for (BrowserContext ctx : browser.contexts()) {
            List<Page> pages = ctx.pages();
            if (!pages.isEmpty()) {
                pages.getFirst().waitForTimeout(1);
                return;
            }
        }
        if (!browser.isConnected()) {
            markBroken("the browser disconnected");
        }
    }

    private void markBroken(String why) {
        if (broken == null) {
            broken = why;
            LOG.warnf("browser host %s is broken: %s", id, why);
        }
    }

    /** Stops taking new contexts; the host closes once its last context is closed. */
    void drain(String why) {
        if (draining == null) {
            draining = why;
            LOG.infof("browser host %s takes no new contexts: %s", id, why);
        }
    }

    /** Whether a new context may go here. */
    boolean accepts(int contextsPerHost) {
        return running && broken == null && draining == null && sessions.size() + reserved.get() < contextsPerHost;
    }

    /** Contexts open or being opened here. */
    int load() {
        return sessions.size() + reserved.get();
    }

    /** Whether any context is open or being opened here. */
    boolean inUse() {
        return !sessions.isEmpty() || reserved.get() > 0;
    }

    /** Holds a place for a context about to be opened (under the fleet's lock). */
    void reserve() {
        reserved.incrementAndGet();
    }

    /** Gives back a held place: the context is open (and counted as a session) or failed to open. */
    void unreserve() {
        reserved.decrementAndGet();
    }

    Browser browser() {
        return browser;
    }

    Fingerprint fingerprint() {
        return fingerprint;
    }

    void opened(BrowserSession s) {
        sessions.add(s);
        contextsServed.incrementAndGet();
    }

    void closed(BrowserSession s) {
        if (sessions.remove(s) && sessions.isEmpty()) {
            idleSince = Instant.now();
        }
    }

    /** The contexts this host knows it opened for jobs. */
    public List<BrowserSession> sessions() {
        return List.copyOf(sessions);
    }

    /**
     * PSS of the browser's process tree (browser, renderers, utility processes) in KiB, measured at most every
     * few seconds; -1 when the browser process was not found. The driver is counted in {@link #driverKib()}.
     */
    public long memoryKib() {
        if (browserPid < 0) {
            return -1;
        }
        if (Instant.now().isAfter(memoryAt.plus(MEMORY_CACHE))) {
            memoryKib = ProcessTree.pssKib(ProcessTree.tree(browserPid));
            memoryAt = Instant.now();
        }
        return memoryKib;
    }

    /** PSS of this host's Playwright driver (Node) in KiB, or -1. */
    public long driverKib() {
        return driverPid < 0 ? -1 : ProcessTree.pssKib(driverPid);
    }

    public long browserPid() {
        return browserPid;
    }

    public String id() {
        return id;
    }

    public BrowserEngine engine() {
        return engine;
    }

    public String version() {
        return version;
    }

    public int contexts() {
        return sessions.size();
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

    /** Why the host must be replaced, or null while it is healthy. */
    public String broken() {
        return broken;
    }

    /** Why the host takes no new contexts, or null. */
    public String draining() {
        return draining;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        boolean clean = false;
        try {
            call(() -> {
                if (playwright != null) {
                    playwright.close(); // ends the driver, which ends its browser
                }
                return null;
            }, CLOSE_TIMEOUT);
            clean = true;
        } catch (RuntimeException e) {
            LOG.debugf("browser host %s close: %s", id, e.getClass().getSimpleName());
        } finally {
            running = false;
            if (!clean) {
                killLeftovers();
            }
            LOG.infof("browser host %s closed", id);
        }
    }

    /** A driver or browser that outlived close (stuck thread, killed pipe) must not linger as a zombie tree. */
    private void killLeftovers() {
        for (long pid : List.of(browserPid, driverPid)) {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
            }
        }
    }

    private static Set<Long> childPids() {
        Set<Long> out = new HashSet<>();
        ProcessHandle.current().children().forEach(p -> out.add(p.pid()));
        return out;
    }
}
