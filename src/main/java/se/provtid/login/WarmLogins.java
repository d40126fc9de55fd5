package se.provtid.login;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jboss.logging.Logger;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.site.BookingSite;
import se.provtid.site.BookingSites;

/**
 * Contexts with the site's app already opened in a page, kept ready for the logins that need a page, so that a
 * burst's first arrivals skip the expensive step. Opened one at a time, only while no job waits for a login turn,
 * and replaced before the site's session of an unused one could age.
 */
public final class WarmLogins implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WarmLogins.class);
    /** A warm context older than this is replaced: well inside the site's idle timeout of its session. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final Duration TEND_EVERY = Duration.ofSeconds(1);
    /** After a failed opening: the browser or the site is in trouble, and a warm login is only a head start. */
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(15);

    /** One context with the app opened, and when. */
    public record Warm(BrowserSession session, BookingSite site, Instant openedAt) {
    }

    private final BrowserFleet fleet;
    private final BookingSites sites;
    private final LoginStarts starts;
    private final LoginWays ways;
    private final Clock clock;
    private final int size;
    /** Oldest first: a job takes the oldest, so each warm context is used well before it ages. */
    private final Deque<Warm> ready = new ConcurrentLinkedDeque<>();
    private volatile boolean running;
    private Thread tender;

    public WarmLogins(BrowserFleet fleet, BookingSites sites, LoginStarts starts, LoginWays ways, int size,
            Clock clock, MeterRegistry registry) {
        this.fleet = fleet;
        this.sites = sites;
        this.starts = starts;
        this.ways = ways;
        this.size = size;
        this.clock = clock;
        Gauge.builder("provtid.login.warm", ready, Deque::size)
                .description("Contexts with the site's app opened, ready for logins that need a page")
                .register(registry);
    }

    /** BROWSER_WARM_LOGINS: unset, one per CPU; never below 0. */
    public static int size(Optional<Integer> configured) {
        return Math.max(0, configured.orElse(Runtime.getRuntime().availableProcessors()));
    }

    /** How many are kept when pages are needed. */
    public int size() {
        return size;
    }

    /** Starts keeping warm logins (a worker process calls it); nothing when the size is 0. */
    public synchronized void start() {
        if (size == 0 || running) {
            return;
        }
        running = true;
        tender = Thread.ofVirtual().name("warm-logins").start(this::tendLoop);
    }

    /** A warm login for the calling thread's job (it owns the context from now on), or null when none is ready. */
    public Warm take() {
        Warm w;
        while ((w = ready.pollFirst()) != null) {
            if (fresh(w, clock.instant())) {
                w.session().handTo(Thread.currentThread());
                return w;
            }
            w.session().close();
        }
        return null;
    }

    /** Warm logins ready now. */
    public int ready() {
        return ready.size();
    }

    private void tendLoop() {
        while (running) {
            Duration pause = TEND_EVERY;
            try {
                tend();
            } catch (RuntimeException e) {
                // Our words only: a browser's or the site's text is never logged.
                LOG.infof("a warm login could not be opened (%s); trying again in %d s", e.getClass().getSimpleName(),
                        AFTER_FAILURE.toSeconds());
                pause = AFTER_FAILURE;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Drops aged and surplus warm logins, then opens one more if pages are needed and no job waits for a turn. */
    void tend() {
        Instant now = clock.instant();
        ready.removeIf(w -> {
            if (fresh(w, now)) {
                return false;
            }
            w.session().close();
            return true;
        });
        int want = ways.pagesNeeded() ? size : 0;
        while (ready.size() > want) {
            Warm w = ready.pollLast();
            if (w != null) {
                w.session().close();
            }
        }
        if (ready.size() >= want || starts.waiting() > 0) {
            return;
        }
        try (LoginStarts.Turn turn = starts.tryTake()) {
            if (turn != null) {
                openOne();
            }
        }
    }

    private void openOne() {
        BrowserSession session = fleet.open(null, true);
        try {
            BookingSite site = sites.open(session, LoginMode.page);
            ready.addLast(new Warm(session, site, clock.instant()));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        if (!running) {
            close(); // stopped while it opened
        }
    }

    private static boolean fresh(Warm w, Instant now) {
        return w.openedAt().plus(MAX_AGE).isAfter(now);
    }

    /** Stops keeping warm logins and closes the ready ones. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = tender;
            tender = null;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
        Warm w;
        while ((w = ready.pollFirst()) != null) {
            w.session().close();
        }
    }
}
