package se.provtid.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import se.provtid.config.ProvtidConfig;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.site.LoginFallbacks;
import se.provtid.site.PagelessLoginRefused;

/** The way of the next login: the setting, LOGIN_WAIT=page, and the hold after a fallback. */
class LoginWaysTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LoginFallbacks fallbacks = new LoginFallbacks(registry, clock);

    @Test
    void autoGoesWithoutThePageUntilAFallbackThenThroughThePageForTheHold() {
        LoginWays ways = ways(Map.of());
        assertEquals(LoginMode.auto, ways.next());
        assertFalse(ways.pagesNeeded(), "no warm pages while the way without them works");
        fallbacks.fellBack(new PagelessLoginRefused(200, "html", "begin-authentication"));
        assertEquals(LoginMode.page, ways.next(), "straight to the page within the hold");
        assertTrue(ways.pagesNeeded());
        now.set(now.get().plus(Duration.ofMinutes(10)));
        assertEquals(LoginMode.auto, ways.next(), "the way without the page is tried again after the hold");
        assertEquals(1.0, registry.get("provtid.login.fallbacks").tag("reason", "html").counter().count());
        assertEquals(0.0, registry.get("provtid.login.fallbacks").tag("reason", "refused").counter().count(),
                "every reason's series is there from the start");
    }

    @Test
    void aHoldOfZeroTriesWithoutThePageEveryTime() {
        LoginWays ways = ways(Map.of("provtid.worker.login-fallback-hold", "PT0S"));
        fallbacks.fellBack(new PagelessLoginRefused(403, "refused", "is-system-updating"));
        assertEquals(LoginMode.auto, ways.next());
    }

    @Test
    void leanNeverHoldsAndPageIsPage() {
        fallbacks.fellBack(new PagelessLoginRefused(200, "html", "begin-authentication"));
        assertEquals(LoginMode.lean, ways(Map.of("provtid.worker.login-mode", "lean")).next());
        assertEquals(LoginMode.page, ways(Map.of("provtid.worker.login-mode", "page")).next());
    }

    @Test
    void aWaitThatFollowsThePageMakesEveryLoginThePages() {
        assertEquals(LoginMode.page, ways(Map.of("provtid.worker.login-mode", "lean", "provtid.worker.login-wait",
                "page")).next());
    }

    @Test
    void loginsAreCountedByWayWithEverySeriesThereFromTheStart() {
        LoginWays ways = ways(Map.of());
        ways.counted("warm");
        assertEquals(1.0, registry.get("provtid.logins").tag("way", "warm").counter().count());
        assertEquals(0.0, registry.get("provtid.logins").tag("way", "lean").counter().count());
    }

    private LoginWays ways(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("provtid.api.secret-token", "a-test-secret-of-more-than-thirty-two-bytes");
        SmallRyeConfig c = new SmallRyeConfigBuilder().addDiscoveredConverters().withMapping(ProvtidConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500)).build();
        return new LoginWays(c.getConfigMapping(ProvtidConfig.class), fallbacks, clock, registry);
    }
}
