package se.provtid.sim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.provtid.config.ProvtidConfig;
import se.provtid.support.MutableClock;

/** The simulator's slot market on a clock the test moves: releases at the rate, rivals, lapses, and its knobs. */
@QuarkusTest
class SimMarketTests {

    private static final long UPPSALA = 1000071;
    private static final int DRIVING = 12;

    @Inject
    ProvtidConfig config;

    private final MutableClock clock = MutableClock.atNow();

    @AfterEach
    void resetSharedSimulator() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    private SimState market(Map<String, Object> knobs) {
        SimState s = new SimState(config, clock);
        SimScenario patch = new SimScenario(null, null, null, null, null, null, null, null, null,
                (Integer) knobs.get("hold"), null, null, true, (Integer) knobs.getOrDefault("free", 0),
                (Double) knobs.getOrDefault("rate", 0.0), 60, (Double) knobs.getOrDefault("rival", 0.0),
                (Long) knobs.getOrDefault("seed", 1L), null);
        s.updateScenario(patch);
        return s;
    }

    private static List<SimMarket.Release> releases(SimState s) {
        return s.releases(Function.identity());
    }

    private List<SimState.SlotState> free(SimState s, long place) {
        LocalDate today = LocalDate.now(clock.withZone(SimState.ZONE));
        return s.search(List.of(place), DRIVING, SimCatalog.MANUAL, today, today.plusDays(200), 1000);
    }

    @Test
    void slotsAreScarceAndFreedAtTheRateAtEveryPlaceWithinTheReleaseWindow() {
        SimState s = market(Map.of("rate", 60.0, "seed", 7L));
        assertTrue(free(s, UPPSALA).isEmpty(), "every slot taken at the start");
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofMinutes(1));
            releases(s);
        }
        List<SimMarket.Release> all = releases(s);
        int expected = 60 * SimCatalog.LOCATIONS.size();
        assertTrue(Math.abs(all.size() - expected) < 5 * Math.sqrt(expected), all.size() + " releases, " + expected
                + " expected in one hour");
        LocalDate last = LocalDate.now(clock.withZone(SimState.ZONE)).plusDays(60);
        assertTrue(all.stream().allMatch(r -> !r.slot.date.isAfter(last)), "within release_days");
        assertEquals(SimCatalog.LOCATIONS.size(), all.stream().map(r -> r.slot.locationId).distinct().count(),
                "every place has releases");
        assertTrue(all.stream().allMatch(r -> r.takenBy == null), "no rivals: nobody took them");
    }

    @Test
    void theSameSeedGivesTheSameReleases() {
        SimState a = market(Map.of("rate", 30.0, "seed", 42L));
        SimState b = market(Map.of("rate", 30.0, "seed", 42L));
        clock.advance(Duration.ofMinutes(30));
        Function<SimMarket.Release, String> id = r -> r.slot.examinationId + "@" + r.releasedAt;
        List<String> first = a.releases(id);
        assertTrue(first.size() > 20, first.toString());
        assertEquals(first, b.releases(id));
    }

    @Test
    void aRivalTakesWhatNobodyHoldsGivesUpOnAHeldSlotAndOurBookingIsRecorded() {
        SimState s = market(Map.of("rival", 10.0));
        Map<String, Object> open = s.releaseNow(UPPSALA, 10, DRIVING, SimCatalog.MANUAL, r -> Map.of("id",
                r.slot.examinationId));
        Map<String, Object> ours = s.releaseNow(UPPSALA, 20, DRIVING, SimCatalog.MANUAL, r -> Map.of("id",
                r.slot.examinationId));
        assertNotNull(s.reserve("199001011234", (Long) ours.get("id")));
        clock.advance(Duration.ofMinutes(10)); // many medians: the rival has come
        SimMarket.Release taken = releases(s).stream().filter(r -> r.slot.examinationId == (Long) open.get("id"))
                .findFirst().orElseThrow();
        assertEquals("rival", taken.takenBy);
        assertTrue(free(s, UPPSALA).stream().noneMatch(x -> x.examinationId == (Long) open.get("id")));
        SimMarket.Release held = releases(s).stream().filter(r -> r.slot.examinationId == (Long) ours.get("id"))
                .findFirst().orElseThrow();
        assertNull(held.takenBy, "the rival gave up on the held slot");
        assertNotNull(held.heldAt);
        SimState.Booking booking = s.pay("199001011234");
        assertEquals("provtid", held.takenBy);
        assertEquals(booking.bookingId(), held.bookingId);
    }

    @Test
    void aHoldThatLapsesGoesBackToTheMarket() {
        SimState s = market(Map.of("hold", 60));
        long slot = s.releaseNow(UPPSALA, 10, DRIVING, SimCatalog.MANUAL, r -> r.slot.examinationId);
        assertNotNull(s.reserve("199001011234", slot));
        clock.advance(Duration.ofSeconds(61));
        List<SimMarket.Release> all = releases(s);
        assertEquals(List.of("cancelled", "lapsed"), all.stream().map(r -> r.reason).toList());
        assertEquals(slot, all.getLast().slot.examinationId);
        assertTrue(free(s, UPPSALA).stream().anyMatch(x -> x.examinationId == slot), "free again");
    }

    @Test
    void badKnobsAreRefusedNamingTheFieldAndChangeNothing() {
        given().contentType(ContentType.JSON).body(Map.of("release_per_hour", -1)).put("/sim/admin/scenario").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("release_per_hour"));
        given().get("/sim/admin/scenario").then().body("release_per_hour", equalTo(20.0f));
        given().contentType(ContentType.JSON).body(Map.of("location", "Uppsala")).post("/sim/admin/releases").then()
                .statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("location", "Atlantis")).post("/sim/admin/releases").then()
                .statusCode(400).body("field", equalTo("location"));
        given().contentType(ContentType.JSON).body(Map.of("market", true, "rival_median_seconds", 0)).put(
                "/sim/admin/scenario").then().statusCode(200).body("market", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("location", "Uppsala", "days_ahead", 12)).post(
                "/sim/admin/releases").then().statusCode(201).body("location", equalTo("Uppsala"))
                .body("reason", equalTo("cancelled"));
        given().get("/sim/admin/releases").then().statusCode(200).body("size()", equalTo(1));
        given().post("/sim/admin/reset").then().statusCode(200);
        given().get("/sim/admin/releases").then().body("size()", equalTo(0));
        given().get("/sim/admin/scenario").then().body("market", equalTo(false));
    }
}
