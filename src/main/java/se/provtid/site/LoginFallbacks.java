package se.provtid.site;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Logins without the site's page that fell back to the page's way: counted, logged, and the latest remembered. */
@Singleton
public class LoginFallbacks {

    private static final Logger LOG = Logger.getLogger(LoginFallbacks.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Instant last = Instant.EPOCH;

    public LoginFallbacks(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (String reason : PagelessLoginRefused.REASONS) {
            counter(reason); // every series served from the start, so that a rate over it is defined
        }
    }

    private Counter counter(String reason) {
        return counters.computeIfAbsent(reason, r -> Counter.builder("provtid.login.fallbacks").tag("reason", r)
                .description("Logins without the site's page that fell back to the page's way, by reason")
                .register(registry));
    }

    /** One login falls back to the page's way, for {@code e}'s reason (our own text only: never the site's body). */
    public void fellBack(PagelessLoginRefused e) {
        last = clock.instant();
        counter(e.reason()).increment();
        LOG.warnf("A login falls back to the site's page: %s", e.getMessage());
    }

    /** When a login last fell back (the epoch when none has). */
    public Instant last() {
        return last;
    }
}
