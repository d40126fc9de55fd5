package se.provtid.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;

/** The browser hosts of this process: picks a host with room for a new context, starts hosts on demand, retires them. */
@Singleton
public class BrowserFleet {

    private static final Logger LOG = Logger.getLogger(BrowserFleet.class);
    private static final Duration WAIT_FOR_ROOM = Duration.ofMinutes(5);
    private static final int OPEN_TRIES = 2;
    /** What a host costs before any context: its Playwright driver (~131 MiB) and browser (~368 MiB), measured. */
    public static final int HOST_MEMORY_MIB = 500;

    private final ProvtidConfig.Browser config;
    private final List<BrowserHost> hosts = new CopyOnWriteArrayList<>();
    private final BrowserSettings settings;
    private final MeterRegistry metrics;
    private final ChromiumSandbox sandbox;
    /** Hosts being started in the background (warm-up), counted against MAX_BROWSER_INSTANCES. */
    private final AtomicInteger launching = new AtomicInteger();
    private final AtomicBoolean warming = new AtomicBoolean();
    /** Set once this process runs workers: from then on idle hosts are kept ready. */
    private volatile boolean keepWarm;

    public BrowserFleet(ProvtidConfig config, MeterRegistry metrics) {
        this.config = config.browser();
        this.metrics = metrics;
        this.settings = settings(config.browser());
        this.sandbox = new ChromiumSandbox(config.browser().sandbox(), ChromiumSandbox.runningAsRoot(), metrics);
        Gauge.builder("provtid.browser.hosts", hosts, List::size).description("Running browser hosts")
                .register(metrics);
        Gauge.builder("provtid.browser.contexts", hosts, h -> h.stream().mapToInt(BrowserHost::contexts).sum())
                .description("Open browser contexts (one per job)").register(metrics);
        Gauge.builder("provtid.browser.memory", this, BrowserFleet::memoryBytes).baseUnit("bytes")
                .description("PSS of this process's browsers and their drivers").register(metrics);
    }

    /** Running hosts, open contexts and memory of this process's browsers, for the fleet's worker list. */
    public record Vitals(int hosts, int contexts, long memoryBytes) {
    }

    public Vitals vitals() {
        return new Vitals(hosts.size(), hosts.stream().mapToInt(BrowserHost::contexts).sum(), memoryBytes());
    }

    /** PSS of every host's browser tree and driver (each measured at most every few seconds), in bytes. */
    private long memoryBytes() {
        long kib = 0;
        for (BrowserHost h : hosts) {
            kib += Math.max(0, h.memoryKib()) + Math.max(0, h.driverKib());
        }
        return kib * 1024;
    }

    /** The engines to try, in the configured order, each with its executable (Debian's Chromium when unset). */
    static BrowserSettings settings(ProvtidConfig.Browser c) {
        List<BrowserSettings.Engine> engines = new ArrayList<>();
        for (String name : c.engines()) {
            BrowserEngine e = BrowserEngine.parse(name);
            Optional<String> path = switch (e) {
                case chromium -> c.chromiumPath().filter(p -> !p.isBlank()).or(() ->
                        Files.isExecutable(Path.of(BrowserEngine.DEBIAN_CHROMIUM))
                                ? Optional.of(BrowserEngine.DEBIAN_CHROMIUM) : Optional.empty());
                case firefox -> c.firefoxPath().filter(p -> !p.isBlank());
                case webkit -> c.webkitPath().filter(p -> !p.isBlank());
            };
            engines.add(new BrowserSettings.Engine(e, path));
        }
        return new BrowserSettings(c.headless(), List.copyOf(engines), c.callTimeout(), c.actionTimeout(),
                c.chromiumArgs().orElse(List.of()));
    }

    /**
     * Opens a fresh context (own cookies and storage) with one page, looking like a Swedish desktop browser, starting
     * from a saved storage state (cookies, local storage) when one is given. A host that turns out to be dead is
     * replaced and the context opened on another one.
     */
    public BrowserSession open(String storageState) {
        return open(storageState, true);
    }

    /**
     * Like {@link #open(String)}; {@code withPage} false opens the context without a page: a page starts a renderer,
     * and a job that only calls the site's JSON (a login without the site's page) needs none until it asks for one.
     */
    public BrowserSession open(String storageState, boolean withPage) {
        for (int attempt = 1; ; attempt++) {
            BrowserHost host = hostWithRoom();
            try {
                BrowserSession session = openOn(host, storageState, withPage);
                topUp(); // the host may have been the idle one: start the next before a job has to wait for it
                return session;
            } catch (BrowserGoneException e) {
                replace(host, "it failed to open a context: " + e.getMessage());
                if (attempt >= OPEN_TRIES) {
                    throw e;
                }
            } catch (RuntimeException e) {
                if (host.broken() != null) {
                    replace(host, host.broken());
                }
                throw e;
            }
        }
    }

    private BrowserSession openOn(BrowserHost host, String storageState, boolean withPage) {
        try {
            return newContext(host, storageState, withPage);
        } finally {
            host.unreserve();
        }
    }

    private BrowserSession newContext(BrowserHost host, String storageState, boolean withPage) {
        Thread owner = Thread.currentThread(); // the job's thread: when it ends with the context open, it leaked
        return host.call(() -> {
            Fingerprint fp = host.fingerprint();
            Browser.NewContextOptions options = new Browser.NewContextOptions()
                    .setLocale("sv-SE")
                    .setTimezoneId("Europe/Stockholm")
                    .setViewportSize(1366, 768)
                    .setScreenSize(1366, 768)
                    .setDeviceScaleFactor(1)
                    .setUserAgent(fp.userAgent())
                    .setExtraHTTPHeaders(Map.of("Accept-Language", Fingerprint.ACCEPT_LANGUAGE))
                    .setStorageState(storageState)
                    // Nothing a site sends is ever saved to this machine's disk.
                    .setAcceptDownloads(false);
            BrowserContext context = host.browser().newContext(options);
            context.setDefaultTimeout(config.actionTimeout().toMillis());
            if (config.blockResources()) {
                ResourceBlocking.apply(context);
            }
            Page page = null;
            if (withPage) {
                page = context.newPage();
                fp.apply(context, page);
            }
            BrowserSession session = new BrowserSession(host, context, page, owner);
            host.opened(session);
            return session;
        });
    }

    private synchronized BrowserHost hostWithRoom() {
        Instant giveUp = Instant.now().plus(WAIT_FOR_ROOM);
        while (true) {
            tidy();
            // The fullest host with room: hosts fill up before the next one is used, so a warm idle host stays
            // ready for a burst and no more hosts (about 500 MiB each) run than the jobs need.
            Optional<BrowserHost> best = hosts.stream().filter(h -> h.accepts(config.contextsPerHost()))
                    .max(Comparator.comparingInt(BrowserHost::load));
            if (best.isPresent()) {
                best.get().reserve();
                return best.get();
            }
            // A warm host being started will have room: wait for it rather than start another beside it.
            if (launching.get() == 0 && hosts.size() < config.maxInstances()) {
                BrowserHost h = BrowserHost.launch(settings, sandbox, this::engineSkipped);
                hosts.add(h);
                h.reserve();
                return h;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new BrowserGoneException("no browser capacity: " + hosts.size() + " hosts are full");
            }
            try {
                wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrowserGoneException("interrupted while waiting for browser capacity");
            }
        }
    }

    /** From now on keeps {@code BROWSER_MIN_IDLE_HOSTS} hosts started without contexts (a worker process calls it). */
    public void keepWarm() {
        keepWarm = true;
        topUp();
    }

    /** Starts hosts in the background until enough idle ones are ready; never more than MAX_BROWSER_INSTANCES. */
    private void topUp() {
        if (!keepWarm || config.minIdleHosts() <= 0 || !warming.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("browser-warm-up").start(() -> {
            try {
                while (reserveWarmLaunch()) {
                    BrowserHost h;
                    try {
                        h = BrowserHost.launch(settings, sandbox, this::engineSkipped); // outside the lock: ~1 s
                    } finally {
                        launching.decrementAndGet();
                    }
                    synchronized (this) {
                        if (!keepWarm) { // the process is stopping
                            h.close();
                            return;
                        }
                        hosts.add(h);
                        notifyAll(); // jobs waiting for room
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("could not start a warm browser host: %s", e.getClass().getSimpleName());
            } finally {
                warming.set(false);
                synchronized (this) {
                    notifyAll(); // a job waiting for this host starts one itself now
                }
            }
        });
    }

    /** Whether another warm host is wanted and may start; if so it is counted as launching. */
    private synchronized boolean reserveWarmLaunch() {
        long idle = hosts.stream().filter(h -> h.accepts(config.contextsPerHost()) && !h.inUse()).count();
        if (idle + launching.get() >= config.minIdleHosts()
                || hosts.size() + launching.get() >= config.maxInstances()) {
            return false;
        }
        launching.incrementAndGet();
        return true;
    }

    /** Idle hosts beyond the warm ones kept ready. */
    private int idleToSpare(List<BrowserHost> idle) {
        return keepWarm ? Math.max(0, idle.size() - config.minIdleHosts()) : idle.size();
    }

    private void engineSkipped(BrowserEngine engine, RuntimeException why) {
        Counter.builder("provtid.browser.engine.launch.failures").tag("engine", engine.name())
                .description("Browser engines that failed to launch and were skipped for the next one")
                .register(metrics).increment();
    }

    /** Retires hosts that are broken, drains hosts that served enough or grew too big, stops drained empty ones. */
    private void tidy() {
        for (BrowserHost h : hosts) {
            if (!h.isRunning()) {
                hosts.remove(h);
            } else if (h.broken() != null) {
                replace(h, h.broken());
            } else {
                if (h.contextsServed() >= config.retireAfterContexts()) {
                    h.drain("served " + h.contextsServed() + " contexts");
                }
                if (config.memoryLimitMib() > 0 && h.memoryKib() > config.memoryLimitMib() * 1024L) {
                    h.drain("uses " + h.memoryKib() / 1024 + " MiB, above BROWSER_MEMORY_LIMIT "
                            + config.memoryLimitMib() + " MiB");
                }
                if (h.draining() != null && !h.inUse()) {
                    retire(h, "retired");
                }
            }
        }
    }

    /** Closes a host that is broken; its jobs fail over (their next call fails, they resume on another host). */
    private void replace(BrowserHost host, String why) {
        LOG.warnf("replacing browser host %s: %s", host.id(), why);
        Counter.builder("provtid.browser.hosts.replaced").description("Browser hosts replaced after a crash or hang")
                .register(metrics).increment();
        hosts.remove(host);
        host.close();
    }

    private void retire(BrowserHost host, String why) {
        LOG.infof("stopping browser host %s: %s", host.id(), why);
        hosts.remove(host);
        host.close();
    }

    /** Stops hosts that have served no job for a while, so an idle worker holds no browser; retires broken ones. */
    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void maintain() {
        if (hosts.isEmpty() && !keepWarm) {
            // Nothing to tend, and an api process must not link BrowserHost (it would load Playwright's classes).
            return;
        }
        tidy();
        Instant cutoff = Instant.now().minus(config.idleHostLifetime());
        List<BrowserHost> idle = hosts.stream().filter(h -> !h.inUse() && h.broken() == null && h.draining() == null)
                .sorted(Comparator.comparing(BrowserHost::idleSince)).toList();
        int spare = idleToSpare(idle);
        for (BrowserHost h : idle) {
            if (spare > 0 && h.idleSince().isBefore(cutoff)) {
                retire(h, "idle since " + h.idleSince());
                spare--;
            }
        }
        topUp();
    }

    /** What {@link #cleanup()} closed. */
    public record Cleanup(List<Map<String, String>> contexts, List<Map<String, String>> hosts) {
    }

    /**
     * Closes leaked contexts (their job's thread ended without closing them, or Playwright holds a context no job
     * knows), broken hosts, and hosts without contexts. Contexts of running jobs are never touched.
     */
    public synchronized Cleanup cleanup() {
        List<Map<String, String>> contexts = new ArrayList<>();
        List<Map<String, String>> closedHosts = new ArrayList<>();
        for (BrowserHost h : hosts) {
            if (h.broken() != null) {
                closedHosts.add(Map.of("host", h.id(), "reason", "broken: " + h.broken()));
                replace(h, h.broken());
                continue;
            }
            for (BrowserSession s : h.sessions()) {
                if (s.leaked()) {
                    contexts.add(Map.of("host", h.id(), "job_id", s.jobId(), "reason", "its job no longer runs"));
                    s.close();
                }
            }
            try {
                int untracked = h.call(() -> {
                    List<BrowserContext> known = h.sessions().stream().map(BrowserSession::context).toList();
                    int n = 0;
                    for (BrowserContext c : h.browser().contexts()) {
                        if (!known.contains(c)) {
                            c.close();
                            n++;
                        }
                    }
                    return n;
                });
                for (int i = 0; i < untracked; i++) {
                    contexts.add(Map.of("host", h.id(), "reason", "no job owns it"));
                }
            } catch (RuntimeException e) {
                LOG.debugf("cleanup of host %s: %s", h.id(), e.getClass().getSimpleName());
            }
            if (!h.inUse()) {
                closedHosts.add(Map.of("host", h.id(), "reason", "idle"));
                retire(h, "cleanup: idle");
            }
        }
        return new Cleanup(contexts, closedHosts);
    }

    public List<BrowserHost> hosts() {
        return List.copyOf(hosts);
    }

    void shutdown(@Observes @Priority(100) ShutdownEvent ev) {
        synchronized (this) {
            keepWarm = false;
        }
        // A plain loop, not a method reference: linking BrowserHost::close would load BrowserHost (and, through
        // its catch clauses, Playwright) in an api process that never started a browser.
        for (BrowserHost h : hosts) {
            h.close();
        }
        hosts.clear();
    }
}
