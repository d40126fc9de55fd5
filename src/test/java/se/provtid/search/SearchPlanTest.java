package se.provtid.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.provtid.job.DateRange;

/** The fleet's plan: its cost grows with distinct places, not with people; its pace stays within the budget. */
class SearchPlanTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final String B = "B|driving_test|manual";
    private static final long INTERVAL = 20_000;

    private static Want want(String id, String exam, List<Long> places, LocalDate from) {
        return new Want(id, exam, places, List.of(new DateRange(from, from.plusDays(60))), 1, 0);
    }

    @Test
    void tenPeopleOrAThousandWantingTheSamePlacesCostTheSameCalls() {
        List<Want> few = new ArrayList<>();
        List<Want> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Want w = want("j" + i, B, List.of(1L + i % 6, 1L + (i + 1) % 6), TODAY);
            many.add(w);
            if (i < 10) {
                few.add(w);
            }
        }
        List<PlannedCall> small = SearchPlanner.plan(few, TODAY, 2, INTERVAL);
        List<PlannedCall> large = SearchPlanner.plan(many, TODAY, 2, INTERVAL);
        assertEquals(4, small.size(), "six distinct places, four to a call, and 60 days are two months: " + small);
        assertEquals(small.stream().map(PlannedCall::key).toList(), large.stream().map(PlannedCall::key).toList());
        assertEquals(List.of(List.of(1L, 2L, 3L, 4L), List.of(5L, 6L)),
                small.stream().map(PlannedCall::places).distinct().toList());
        assertEquals(List.of(TODAY, TODAY.plusMonths(1)),
                small.stream().filter(c -> c.places().size() == 4).map(PlannedCall::from).toList(),
                "one answer covers a month from its start date");
    }

    @Test
    void theCallsTogetherStayWithinTheSearchShareOfThePace() {
        List<Want> wants = new ArrayList<>();
        for (long p = 1; p <= 16; p++) {
            for (int i = 0; i < 20; i++) {
                wants.add(want("j" + p + "-" + i, B, List.of(p), TODAY));
            }
        }
        List<PlannedCall> calls = SearchPlanner.plan(wants, TODAY, 2, INTERVAL);
        assertEquals(8, calls.size(), "four calls of four places, each for two months");
        double perSecond = calls.stream().mapToDouble(c -> 1000.0 / c.periodMs()).sum();
        assertTrue(perSecond <= 2 * SearchPlanner.SEARCH_SHARE + 1e-9, "calls per second: " + perSecond);
        calls.forEach(c -> assertEquals(80, c.wantedBy()));
    }

    @Test
    void aLonelyJobsCallIsLookedAtNoMoreOftenThanItsSessionMaySearch() {
        List<PlannedCall> calls = SearchPlanner.plan(List.of(want("j", B, List.of(7L), TODAY)), TODAY, 2, INTERVAL);
        calls.forEach(c -> assertEquals(INTERVAL * calls.size(), c.periodMs(),
                "one session makes one call per SEARCH_INTERVAL, taking the calls of its exam in turn"));
    }

    @Test
    void aWatchingJobsPlacesArePlannedAndSearchedByTheLoggedInJobsOfItsExam() {
        Want watching = want("w", B, List.of(9L), TODAY).asWatching();
        Want loggedIn = want("s", B, List.of(1L), TODAY);
        List<PlannedCall> calls = SearchPlanner.plan(List.of(watching, loggedIn), TODAY, 2, INTERVAL);
        assertTrue(calls.stream().anyMatch(c -> c.places().contains(9L)), "the watcher's place stays planned");
        // One session makes every call of the exam in turn: the watcher adds places, not a session.
        calls.forEach(c -> assertEquals(INTERVAL * calls.size(), c.periodMs()));
        List<PlannedCall> alone = SearchPlanner.plan(List.of(watching), TODAY, 2, INTERVAL);
        assertFalse(alone.isEmpty(), "planned even when nobody is logged in: it waits, due, for a session");
    }

    @Test
    void examsAreSearchedApartAndACallStartsAtTheEarliestDateItsJobsAskFor() {
        String auto = "B|driving_test|automatic";
        List<PlannedCall> calls = SearchPlanner.plan(List.of(want("a", B, List.of(1L), TODAY.plusDays(9)),
                want("b", B, List.of(1L, 2L), TODAY.plusDays(3)), want("c", auto, List.of(1L), TODAY),
                want("gone", B, List.of(3L), TODAY.minusDays(90))), TODAY, 2, INTERVAL);
        assertTrue(calls.stream().noneMatch(c -> c.places().contains(3L)), "dates all passed: wants nothing");
        PlannedCall manual = calls.stream().filter(c -> c.exam().equals(B)).findFirst().orElseThrow();
        assertEquals(List.of(1L, 2L), manual.places());
        assertEquals(TODAY.plusDays(3), manual.from());
        assertEquals(2, manual.wantedBy());
        assertEquals(B + "|1,2|" + TODAY.plusDays(3), manual.key());
    }
}
