package se.provtid.search;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.provtid.job.DateRange;
import se.provtid.queue.ApiOnlyProfile;
import se.provtid.site.Occasion;

/**
 * The fleet's hand-out against a real Redis: a freed slot goes to exactly one job (priority, then who waited
 * longest), the next tries at once when it is not held, the rest are told, and a slot in flight is not handed twice.
 */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class HandOutTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Stockholm"));
    private static final AtomicInteger PLACE = new AtomicInteger(5_000_000);

    @Inject
    FleetSearch fleet;

    @Inject
    SearchPlanner planner;

    @Inject
    ObjectMapper json;

    private final List<Seeker> joined = new ArrayList<>();
    private final List<Occasion> told = new ArrayList<>();

    @AfterEach
    void leave() {
        joined.forEach(Seeker::leave);
    }

    private Seeker join(String id, int rank, long since, long place) {
        Seeker s = fleet.join(new Want(id + "-" + place, "B|driving_test|manual", List.of(place),
                List.of(new DateRange(TODAY, TODAY.plusDays(20))), rank, since)); // one month: one call
        joined.add(s);
        assertNull(s.turn(HandOutTests::noSearch, told::add), "nothing handed out yet");
        return s;
    }

    private static List<Occasion> noSearch(List<Long> places, LocalDate from) {
        return fail("this job is not to search now");
    }

    private Occasion slot(long place) {
        return new Occasion(System.nanoTime(), place, "Place " + place, TODAY.plusDays(5), "08:10", "1040",
                json.createObjectNode().put("cost", 1040));
    }

    /** Plans, and waits until this process has read the plan (it reads it at most once a second). */
    private void plan(long place) {
        await().atMost(Duration.ofSeconds(5)).until(planner::planOnce);
        Want probe = new Want("probe", "B|driving_test|manual", List.of(place), List.of(), 1, 0);
        // A job may make any call of its exam: wait for one covering this place (the last test's may linger).
        await().atMost(Duration.ofSeconds(5)).until(() -> fleet.callsFor(probe).stream()
                .anyMatch(k -> fleet.call(k) != null && fleet.call(k).places().contains(place)));
    }

    /** The searcher's turn: it makes the due call, which finds {@code found}, and is handed nothing itself. */
    private void searchFinds(Seeker searcher, Occasion found) {
        AtomicInteger calls = new AtomicInteger();
        Offer own = searcher.turn((places, from) -> {
            calls.incrementAndGet();
            assertTrue(places.contains(found.locationId()), "the call covers the searcher's place");
            return List.of(found);
        }, told::add);
        assertEquals(1, calls.get(), "the rested searcher made the due call");
        assertNull(own, "the slot went to the job first in line, not to the searcher");
    }

    @Test
    void aFreedSlotGoesToTheHighestPriorityAndTheNextTriesAtOnceWhenItIsNotHeld() {
        long place = PLACE.incrementAndGet();
        Seeker normal = join("normal", 1, 1_000, place);
        Seeker high = join("high", 0, 2_000, place);
        plan(place);
        Occasion s = slot(place);
        searchFinds(normal, s);

        Offer first = high.turn(HandOutTests::noSearch, told::add);
        assertNotNull(first, "the high-priority job is handed the slot");
        assertEquals(s.examinationId(), first.occasion().examinationId());
        assertFalse(first.foundByThisJob(), "found through the other job's session");
        assertNull(normal.turn(HandOutTests::noSearch, told::add), "only one of ours tries it");

        high.outcome(first, false);
        Offer second = normal.turn(HandOutTests::noSearch, told::add);
        assertNotNull(second, "the next in line tries at once");
        assertTrue(second.foundByThisJob());
        normal.outcome(second, true);
        assertTrue(told.isEmpty(), "nobody after the holder to tell: " + told);
    }

    @Test
    void amongEqualPrioritiesWhoWaitedLongestGoesFirstAndTheOthersAreTold() {
        long place = PLACE.incrementAndGet();
        Seeker later = join("later", 1, 5_000, place);
        Seeker earlier = join("earlier", 1, 4_000, place);
        plan(place);
        Occasion s = slot(place);
        searchFinds(later, s);

        Offer offer = earlier.turn(HandOutTests::noSearch, told::add);
        assertNotNull(offer, "who waited longest is handed it");
        earlier.outcome(offer, true);
        assertNull(later.turn(HandOutTests::noSearch, told::add));
        assertEquals(1, told.size(), "the job after the holder is told the slot went to another of ours");
        assertEquals(s.examinationId(), told.getFirst().examinationId());
        assertTrue(told.getFirst().offer() == null || told.getFirst().offer().isNull(),
                "the note carries the slot, not the site's offer");
    }

    @Test
    void aSlotBeingTriedIsNotHandedOutAgainWhenSeenAgain() {
        long place = PLACE.incrementAndGet();
        Seeker a = join("a", 1, 1_000, place);
        Seeker b = join("b", 1, 2_000, place);
        Seeker c = join("c", 1, 3_000, place);
        plan(place);
        Occasion s = slot(place);
        searchFinds(c, s);
        assertNotNull(a.turn(HandOutTests::noSearch, told::add), "a is first in line");
        fleet.looked(fleet.call(fleet.callsFor(new Want("x", "B|driving_test|manual", List.of(place), List.of(), 1, 0))
                .getFirst()), List.of(s), "c-" + place);
        // They may make the call again (on a slow machine it may be due), but find nothing new.
        assertNull(b.turn((p, f) -> List.of(), told::add), "seen again while a tries it: nobody else is handed it");
        assertNull(c.turn((p, f) -> List.of(), told::add));
    }
}
