package se.provtid.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
