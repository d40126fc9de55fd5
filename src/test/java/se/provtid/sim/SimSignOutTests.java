package se.provtid.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated site's sign-out ends the login and is recorded; a forced logout or signing out twice is not. */
@QuarkusTest
class SimSignOutTests {

    private static final String PERSON = "199502031234";

    @Inject
    SimState state;

    @AfterEach
    void reset() {
        state.reset();
    }

    private SimState.Session loggedIn() {
        SimState.Session s = state.session(null);
        SimState.Order order = state.beginAuthentication(s);
        state.approve(order, PERSON);
        assertNull(state.loggedIn(s), "approved in the app, but the site has not polled yet");
        state.collect(order); // the status poll that sees the approval logs the session in
        assertEquals(PERSON, state.loggedIn(s));
        return s;
    }

    private long signOuts() {
        return state.signOuts().stream().filter(o -> o.personalNumber().equals(PERSON)).count();
    }

    @Test
    void aSignOutEndsTheLoginAndIsRecordedOnce() {
        SimState.Session s = loggedIn();
        state.signOut(s);
        assertNull(state.loggedIn(s));
        state.signOut(s); // nobody is logged in any more
        assertEquals(1, signOuts());
    }

    @Test
    void theForcedLogoutIsNoSignOut() {
        SimState.Session s = loggedIn();
        state.updateScenario(new SimScenario(null, null, null, null, null, null, null, null, -1, null, null, null,
                null, null, null, null, null, null, null));
        assertNull(state.loggedIn(s), "the session lifetime has passed");
        assertEquals(0, signOuts());
    }
}
