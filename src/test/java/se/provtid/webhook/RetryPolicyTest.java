package se.provtid.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry schedule, its jitter and Retry-After. */
class RetryPolicyTest {

    private static final List<Duration> SPEC = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10));
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void followsTheScheduleAndEndsAfterItsLastEntry() {
        RetryPolicy p = new RetryPolicy(SPEC, () -> 0.0);
        assertEquals(NOW.plusSeconds(5), p.next(1, NOW, null));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), p.next(2, NOW, null));
        assertEquals(NOW.plus(Duration.ofHours(10)), p.next(7, NOW, null));
        assertNull(p.next(8, NOW, null), "after the eighth failure the event is dead");
    }

    @Test
    void jitterOnlyEverAddsUpToAFifth() {
        assertEquals(NOW.plusSeconds(6), new RetryPolicy(SPEC, () -> 1.0).next(1, NOW, null));
        for (int i = 0; i < 100; i++) {
            Instant t = new RetryPolicy(SPEC, () -> Math.random()).next(3, NOW, null);
            assertTrue(!t.isBefore(NOW.plus(Duration.ofMinutes(30))) && !t.isAfter(NOW.plus(Duration.ofMinutes(36))));
        }
    }

    @Test
    void aLaterRetryAfterWinsAnEarlierOneDoesNot() {
        RetryPolicy p = new RetryPolicy(SPEC, () -> 0.0);
        assertEquals(NOW.plusSeconds(120), p.next(1, NOW, "120"));
        assertEquals(NOW.plusSeconds(5), p.next(1, NOW, "1"));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(600).atZone(ZoneOffset.UTC));
        assertEquals(NOW.plusSeconds(600), p.next(1, NOW, date));
        assertEquals(NOW.plusSeconds(5), p.next(1, NOW, "soon"));
        assertEquals(NOW.plus(RetryPolicy.MAX_RETRY_AFTER), p.next(1, NOW, "99999999999"));
        assertNull(p.next(8, NOW, "5"), "Retry-After does not add attempts");
    }
}
