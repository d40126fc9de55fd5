package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The waits of the site retry policy: exponential, capped, with bounded jitter; blocks double up to 16 times. */
class SiteRetryPolicyTest {

    @Test
    void timeoutsAndServerErrorsBackOffExponentiallyUpToTheCap() {
        Duration max = Duration.ofMinutes(2);
        assertEquals(Duration.ofSeconds(1), SiteRetryPolicy.backoff(max, 1));
        assertEquals(Duration.ofSeconds(2), SiteRetryPolicy.backoff(max, 2));
        assertEquals(Duration.ofSeconds(64), SiteRetryPolicy.backoff(max, 7));
        assertEquals(max, SiteRetryPolicy.backoff(max, 8));
        assertEquals(max, SiteRetryPolicy.backoff(max, 1_000), "no overflow however long it goes on");
    }

    @Test
    void aBlockPausesLongerWhileItGoesOnAtMostSixteenTimesTheFirstPause() {
        Duration first = Duration.ofMinutes(1);
        assertEquals(first, SiteRetryPolicy.blockedPause(first, 1));
        assertEquals(Duration.ofMinutes(2), SiteRetryPolicy.blockedPause(first, 2));
        assertEquals(Duration.ofMinutes(16), SiteRetryPolicy.blockedPause(first, 5));
        assertEquals(Duration.ofMinutes(16), SiteRetryPolicy.blockedPause(first, 50));
    }

    @Test
    void jitterAddsUpToAQuarter() {
        Duration base = Duration.ofSeconds(20);
        for (int i = 0; i < 1_000; i++) {
            Duration d = SiteRetryPolicy.jittered(base);
            assertTrue(d.compareTo(base) >= 0 && d.compareTo(Duration.ofSeconds(25)) < 0, d.toString());
        }
        assertTrue(SiteRetryPolicy.jittered(Duration.ZERO).toMillis() < 1, "nothing to add to nothing");
    }
}
