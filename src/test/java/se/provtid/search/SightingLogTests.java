package se.provtid.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.queue.ApiOnlyProfile;
import se.provtid.queue.RedisKeys;
import se.provtid.site.Occasion;

/** What the fleet learns, against a real Redis: slots seen appearing and going, per place, and kept bounded. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class SightingLogTests {

    private static final String EXAM = "B|driving_test|manual";
    private static final long STOCKHOLM = 1000140;
    private static final long UPPSALA = 1000071;
    private static final long GOTEBORG = 1000019;
    private static final LocalDate FROM = LocalDate.of(2026, 12, 10);
    private static final long T0 = 1_796_000_000_000L; // a fixed "now": the log takes the time as an argument

    @Inject
    SightingLog log;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ObjectMapper json;

    @BeforeEach
    @AfterEach
    void clean() {
        redis.key().del(keys.searchSeen(), keys.searchSightings(), keys.searchPlaceStats());
    }

    @Test
    void aSlotAppearsOnceAndIsGoneWhenACallNoLongerShowsIt() throws Exception {
        Occasion a = slot(1, STOCKHOLM, FROM.plusDays(2), true);
        Occasion b = slot(2, UPPSALA, FROM.plusDays(5), false);
        assertEquals(new SightingLog.Change(2, 0, 0),
                log.observed(EXAM, List.of(STOCKHOLM, UPPSALA), FROM, List.of(a, b), false, T0));
        // The same answer again (another process, or the next look) learns nothing new.
        assertEquals(new SightingLog.Change(0, 0, 0),
                log.observed(EXAM, List.of(STOCKHOLM, UPPSALA), FROM, List.of(a, b), false, T0 + 1000));

        Map<String, String> place = places();
        assertEquals("1", place.get(STOCKHOLM + ":appeared"));
        assertEquals("1", place.get(STOCKHOLM + ":late"), "the site's isLateCancellation mark is read");
        assertEquals("1", place.get(UPPSALA + ":appeared"));
        assertFalse(place.containsKey(UPPSALA + ":late"));

        JsonNode seen = json.readTree(redis.hash(String.class).hget(keys.searchSeen(), "1"));
        Set<String> fields = new TreeSet<>();
        seen.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("examination_id", "exam", "location_id", "date", "time", "days_ahead", "late",
                "first_seen_ms"), fields, "a sighting is the slot and when it was seen: nothing else of the offer");
        assertEquals("2026-12-12", seen.path("date").asText());
        assertEquals(T0, seen.path("first_seen_ms").asLong());

        // 80 s later the Stockholm slot is gone; the Uppsala one is still there.
        assertEquals(new SightingLog.Change(0, 1, 0),
                log.observed(EXAM, List.of(STOCKHOLM, UPPSALA), FROM, List.of(b), false, T0 + 80_000));
        place = places();
        assertEquals("1", place.get(STOCKHOLM + ":gone"));
        assertEquals("80000", place.get(STOCKHOLM + ":lifetime_ms"));
        assertFalse(place.containsKey(UPPSALA + ":gone"));
        assertEquals(Set.of("2"), redis.hash(String.class).hgetall(keys.searchSeen()).keySet());

        List<Map<String, String>> stream = stream();
        assertEquals(List.of("appeared", "appeared", "gone"), stream.stream().map(e -> e.get("kind")).toList());
        Map<String, String> gone = stream.get(2);
        assertEquals(Long.toString(STOCKHOLM), gone.get("location_id"));
        assertEquals("80000", gone.get("lifetime_ms"));
        assertEquals("2026-12-12", gone.get("date"));
        assertEquals("1", gone.get("late"));
        assertEquals(Long.toString(T0 + 80_000), gone.get("at"));
        assertTrue(Long.parseLong(gone.get("days_ahead")) >= 0);
    }

    @Test
    void onlyWhatTheCallLookedAtCanBeGone() {
        Occasion stockholm = slot(11, STOCKHOLM, FROM.plusDays(3), false);
        Occasion goteborg = slot(12, GOTEBORG, FROM.plusDays(3), false);
        Occasion early = slot(13, UPPSALA, FROM.plusDays(1), false);
        Occasion late = slot(14, UPPSALA, FROM.plusDays(30), false);
        log.observed(EXAM, List.of(STOCKHOLM, UPPSALA, GOTEBORG), FROM, List.of(stockholm, goteborg, early, late),
                false, T0);
        Occasion otherExam = slot(15, UPPSALA, FROM.plusDays(4), false);
        log.observed("B|driving_test|automatic", List.of(UPPSALA), FROM, List.of(otherExam), false, T0);

        // A call at Stockholm and Uppsala from a later day, whose answer was cut off after day 10: Göteborg was not
        // searched, the early slot lies before its first day, the late one after the cut, the automatic slot is
        // another exam. Only the Stockholm slot, missing from what it did look at, is gone.
        Occasion lastShown = slot(16, UPPSALA, FROM.plusDays(10), false);
        SightingLog.Change c = log.observed(EXAM, List.of(STOCKHOLM, UPPSALA), FROM.plusDays(2), List.of(lastShown),
                true, T0 + 5000);
        assertEquals(new SightingLog.Change(1, 1, 0), c);
        assertEquals(Set.of("12", "13", "14", "15", "16"), redis.hash(String.class).hgetall(keys.searchSeen())
                .keySet());

        // Not cut off: the late slot missing now is gone too.
        assertEquals(new SightingLog.Change(0, 1, 0), log.observed(EXAM, List.of(UPPSALA), FROM.plusDays(2),
                List.of(lastShown), false, T0 + 6000));
        assertFalse(redis.hash(String.class).hexists(keys.searchSeen(), "14"));
    }

    @Test
    void oldSightingsAreDroppedAndTheStreamIsCapped() {
        Occasion stale = slot(21, GOTEBORG, FROM.plusDays(3), false);
        Occasion lasting = slot(22, STOCKHOLM, FROM.plusDays(3), false);
        log.observed(EXAM, List.of(GOTEBORG), FROM, List.of(stale), false, T0);
        log.observed(EXAM, List.of(STOCKHOLM), FROM, List.of(lasting), false, T0);

        // A day and a second later, a call at Stockholm still shows its slot; no call has looked at Göteborg since.
        long later = T0 + SightingLog.KEEP.toMillis() + 1000;
        assertEquals(new SightingLog.Change(0, 0, 1),
                log.observed(EXAM, List.of(STOCKHOLM), FROM, List.of(lasting), false, later));
        assertEquals(Set.of("22"), redis.hash(String.class).hgetall(keys.searchSeen()).keySet(),
                "a slot still shown stays however old; one nobody looked at for a day is forgotten");
        assertFalse(places().containsKey(GOTEBORG + ":gone"), "a forgotten slot is not counted as gone");

        // More slots than the stream keeps, in two calls: the stream stays near its cap.
        int n = SightingLog.STREAM_CAP + 500;
        List<Occasion> many = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            many.add(slot(100_000 + i, UPPSALA, FROM.plusDays(1 + i % 60), false));
        }
        log.observed(EXAM, List.of(UPPSALA), FROM, many.subList(0, n / 2), false, later);
        SightingLog.Change c = log.observed(EXAM, List.of(UPPSALA), FROM, many, false, later + 1000);
        assertEquals(n - n / 2, c.appeared());
        long length = redis.stream(String.class).xlen(keys.searchSightings());
        assertTrue(length >= SightingLog.STREAM_CAP && length < SightingLog.STREAM_CAP + 200,
                "the stream holds about " + SightingLog.STREAM_CAP + " entries, not " + length);
        assertEquals(Long.toString(n), places().get(UPPSALA + ":appeared"), "the figures count every slot");
    }

    @Test
    void aCallWithoutPlacesOrSlotsChangesNothing() {
        assertEquals(new SightingLog.Change(0, 0, 0), log.observed(EXAM, List.of(), FROM,
                List.of(slot(31, STOCKHOLM, FROM, false)), false, T0));
        assertEquals(new SightingLog.Change(0, 0, 0), log.observed(EXAM, List.of(STOCKHOLM), FROM, List.of(),
                false, T0));
        assertEquals(0, redis.hash(String.class).hgetall(keys.searchSeen()).size());
        // An occasion read from a hold has no offer: not a late cancellation, and no failure.
        assertFalse(SightingLog.late(new Occasion(1, STOCKHOLM, "Stockholm", FROM, "08:10", "800", null)));
    }

    private Map<String, String> places() {
        return redis.hash(String.class).hgetall(keys.searchPlaceStats());
    }

    private List<Map<String, String>> stream() {
        List<Map<String, String>> out = new ArrayList<>();
        Iterator<StreamMessage<String, String, String>> it = redis.stream(String.class)
                .xrange(keys.searchSightings(), StreamRange.of("-", "+")).iterator();
        it.forEachRemaining(m -> out.add(m.payload()));
        return out;
    }

    /** A free slot as the site adapter reads it: the offer carries the site's own fields, the mark among them. */
    private Occasion slot(long id, long place, LocalDate day, boolean late) {
        JsonNode offer = json.createObjectNode().set("occasions", json.createArrayNode().add(json.createObjectNode()
                .put("examinationId", id).put("isLateCancellation", late).put("date", day.toString())));
        return new Occasion(id, place, "place " + place, day, "08:10", "800 kr", offer);
    }
}
