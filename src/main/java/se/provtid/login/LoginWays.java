package se.provtid.login;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import se.provtid.config.ProvtidConfig;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.config.ProvtidConfig.Worker.LoginWait;
import se.provtid.site.LoginFallbacks;

/** Which way the next login goes (LOGIN_MODE, LOGIN_WAIT, a recent fallback), and how many went each way. */
@Singleton
public class LoginWays {

    private final ProvtidConfig.Worker config;
    private final LoginFallbacks fallbacks;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public LoginWays(ProvtidConfig config, LoginFallbacks fallbacks, Clock clock, MeterRegistry registry) {
        this.config = config.worker();
        this.fallbacks = fallbacks;
        this.clock = clock;
        this.registry = registry;
        for (String way : WAYS) {
            counted(way, 0); // every series served from the start, so that a rate over it is defined
        }
    }

    /** The ways a login reaches its QR code, as the meter's tags. */
    static final java.util.List<String> WAYS = java.util.List.of("lean", "page", "warm");

    /**
     * The mode of the next login: the setting; {@code page} when the wait follows the page (LOGIN_WAIT=page); and
     * {@code page} for a while after a login fell back, so that a site that wants its page is not first asked the
     * other way at every login (warm logins are ready meanwhile).
     */
    public LoginMode next() {
        LoginMode mode = config.loginMode();
        if (config.loginWait() == LoginWait.page) {
            return LoginMode.page;
        }
        if (mode == LoginMode.auto && fallbacks.last().plus(config.loginFallbackHold()).isAfter(clock.instant())) {
            return LoginMode.page;
        }
        return mode;
    }

    /** Whether logins need the site's page now: then warm logins are kept ready. */
    public boolean pagesNeeded() {
        return next() == LoginMode.page;
    }

    /** Counts one login's way to its QR code: {@code lean}, {@code page} or {@code warm}. */
    public void counted(String way) {
        counted(way, 1);
    }

    private void counted(String way, int n) {
        counters.computeIfAbsent(way, w -> Counter.builder("provtid.logins").tag("way", w)
                .description("Logins by how they reached the QR code: lean (no page), page, warm (a page opened ahead)")
                .register(registry)).increment(n);
    }
}
