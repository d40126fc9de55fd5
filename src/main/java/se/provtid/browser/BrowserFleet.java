package se.provtid.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;

/** The browser hosts of this process: picks a host with room for a new context, starts hosts on demand, stops idle ones. */
@Singleton
public class BrowserFleet {

    private static final Logger LOG = Logger.getLogger(BrowserFleet.class);
    private static final Duration IDLE_HOST_LIFETIME = Duration.ofMinutes(2);
    private static final Duration WAIT_FOR_ROOM = Duration.ofMinutes(5);
    private static final String DEBIAN_CHROMIUM = "/usr/bin/chromium";

    private final ProvtidConfig config;
    private final List<BrowserHost> hosts = new CopyOnWriteArrayList<>();
    private final BrowserSettings settings;

    public BrowserFleet(ProvtidConfig config) {
        this.config = config;
        Optional<String> path = config.browser().chromiumPath().filter(p -> !p.isBlank())
                .or(() -> Files.isExecutable(Path.of(DEBIAN_CHROMIUM)) ? Optional.of(DEBIAN_CHROMIUM) : Optional.empty());
        this.settings = new BrowserSettings(config.browser().headless(), path);
    }

    /** Opens a fresh context (own cookies and storage) with one page, looking like a Swedish desktop browser. */
    public BrowserSession open() {
        return open(null);
    }

    /** Like {@link #open()}, starting from a saved storage state (cookies, local storage) when given. */
    public BrowserSession open(String storageState) {
        BrowserHost host = hostWithRoom();
        try {
            return host.call(() -> {
                Browser browser = host.browser();
                BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                        .setLocale("sv-SE")
                        .setTimezoneId("Europe/Stockholm")
                        .setViewportSize(1366, 768)
                        .setUserAgent(userAgent(host.version()))
                        .setExtraHTTPHeaders(java.util.Map.of("Accept-Language", "sv-SE,sv;q=0.9,en;q=0.8"))
                        .setStorageState(storageState));
                context.setDefaultTimeout(config.browser().actionTimeout().toMillis());
                Page page = context.newPage();
                host.contextOpened();
                return new BrowserSession(host, context, page);
            });
        } catch (RuntimeException e) {
            if (!host.isConnected()) {
                retire(host);
            }
            throw e;
        }
    }

    /** The user agent of an ordinary desktop Chrome of the same major version (headless says "HeadlessChrome"). */
    static String userAgent(String version) {
        String major = version == null ? "130" : version.split("\\.")[0];
        return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + major
                + ".0.0.0 Safari/537.36";
    }

    private synchronized BrowserHost hostWithRoom() {
        Instant giveUp = Instant.now().plus(WAIT_FOR_ROOM);
        while (true) {
            hosts.removeIf(h -> !h.isRunning());
            Optional<BrowserHost> best = hosts.stream()
                    .filter(h -> h.contexts() < config.browser().contextsPerHost())
                    .min(Comparator.comparingInt(BrowserHost::contexts));
            if (best.isPresent()) {
                return best.get();
            }
            if (hosts.size() < config.browser().maxInstances()) {
                BrowserHost h = BrowserHost.launch(settings);
                hosts.add(h);
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

    /** Closes a host that crashed or is no longer wanted. */
    public void retire(BrowserHost host) {
        hosts.remove(host);
        host.close();
    }

    /** Stops hosts that have served no job for a while, so an idle worker holds no browser. */
    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void stopIdleHosts() {
        Instant cutoff = Instant.now().minus(IDLE_HOST_LIFETIME);
        for (BrowserHost h : hosts) {
            if (h.contexts() == 0 && h.idleSince().isBefore(cutoff)) {
                LOG.infof("stopping idle browser host %s", h.id());
                retire(h);
            }
        }
    }

    public List<BrowserHost> hosts() {
        return List.copyOf(hosts);
    }

    void shutdown(@Observes @Priority(100) ShutdownEvent ev) {
        hosts.forEach(BrowserHost::close);
        hosts.clear();
    }
}
