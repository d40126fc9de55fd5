package se.provtid.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator forgets idle sessions and old BankID orders. */
@QuarkusTest
class SimPruneTests {

    @Inject
    SimState state;

    @Test
    void idleSessionsAndOldOrdersAreForgotten() {
        SimState.Session s = state.session(null);
        state.beginAuthentication(s);
        int held = state.remembered();
        assertTrue(held >= 2);
        assertEquals(0, state.prune(state.clock().instant()), "nothing is forgotten while fresh");
        assertTrue(state.prune(state.clock().instant().plus(SimState.SESSION_IDLE).plus(Duration.ofMinutes(1))) >= 2);
        assertEquals(0, state.remembered());
    }

    @Test
    void atMostMaxSessionsAreHeldAndTheOneSeenLongestAgoGoesFirst() {
        state.reset();
        SimState.Session first = state.session(null);
        SimState.Session second = state.session(null);
        for (int i = 2; i < SimState.MAX_SESSIONS; i++) {
            state.session(null);
        }
        state.known(first.id); // seen again: now the second one is the session seen longest ago
        state.session(null);
        assertEquals(first, state.known(first.id));
        assertNull(state.known(second.id), "page loads without a cookie do not grow the simulator without end");
        assertEquals(SimState.MAX_SESSIONS, state.traffic(null).size());
        state.reset();
    }
}
