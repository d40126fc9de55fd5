package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Codes go out at the whole second, login polls half a second later: the two never compete for the CPU. */
class LoginPollTimingTest {

    private static final long SECOND = 1_764_590_400_000L; // a whole second

    @Test
    void aPollWaitsForTheSecondHalfOfASecondOnceTheIntervalHasPassed() {
        long last = SECOND - 500;
        assertFalse(LoginPhase.pollDue(SECOND + 5, last, 1_000), "at the whole second: the codes' moment");
        assertFalse(LoginPhase.pollDue(SECOND + 499, last, 1_000));
        assertTrue(LoginPhase.pollDue(SECOND + 505, last, 1_000));
        assertFalse(LoginPhase.pollDue(SECOND + 1_400, SECOND + 505, 1_000), "the interval has not passed");
        assertTrue(LoginPhase.pollDue(SECOND + 1_505, SECOND + 505, 1_000), "one poll a second");
    }

    @Test
    void theJobWakesForTheNextCodeAndForThePollPhaseWhicheverComesFirst() {
        Duration toNextCode = Duration.ofMillis(1_000 - 5 + 5);
        assertEquals(Duration.ofMillis(500), LoginPhase.untilWake(SECOND + 5, toNextCode), "at the half second");
        assertEquals(Duration.ofMillis(400), LoginPhase.untilWake(SECOND + 600, Duration.ofMillis(400)),
                "past the half second: the next code");
        assertEquals(Duration.ofMillis(200), LoginPhase.untilWake(SECOND + 100, Duration.ofMillis(200)),
                "a code due earlier comes first");
    }
}
