package se.provtid.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a slot must be to fit a person's preferences, the distance, and how preferences are kept as JSON. */
class PreferencesTest {

    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    /** A Monday. */
    private static final LocalDate MONDAY = LocalDate.of(2031, 3, 3);
    private static final Instant LONG_BEFORE = Instant.parse("2031-01-01T00:00:00Z");

    private static Preferences prefs(Set<DayOfWeek> days, Preferences.Times times, Duration notice, LocalDate before) {
        return new Preferences(days, times, notice, null, null, before, null);
    }

    @Test
    void noPreferencesAcceptEverySlot() {
        assertTrue(Preferences.NONE.accepts(MONDAY, "08:10", LONG_BEFORE));
        assertTrue(Preferences.NONE.accepts(MONDAY, "not a time", LONG_BEFORE), "no rule needs the time");
        assertTrue(Preferences.NONE.isNone());
        assertEquals(Preferences.Rank.earliest, Preferences.NONE.ranking());
    }

    @Test
    void weekdaysFilterByTheSlotsDay() {
        Preferences p = prefs(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), null, null, null);
        assertTrue(p.accepts(MONDAY, "08:10", LONG_BEFORE));
        assertFalse(p.accepts(MONDAY.plusDays(1), "08:10", LONG_BEFORE), "a Tuesday");
        assertTrue(p.accepts(MONDAY.plusDays(4), "08:10", LONG_BEFORE), "a Friday");
    }

    @Test
    void timesAreInclusiveAndEitherEndMayBeOpen() {
        Preferences p = prefs(null, new Preferences.Times(LocalTime.of(8, 10), LocalTime.of(12, 30)), null, null);
        assertTrue(p.accepts(MONDAY, "08:10", LONG_BEFORE));
        assertTrue(p.accepts(MONDAY, "12:30", LONG_BEFORE));
        assertFalse(p.accepts(MONDAY, "08:09", LONG_BEFORE));
        assertFalse(p.accepts(MONDAY, "13:45", LONG_BEFORE));
        assertFalse(p.accepts(MONDAY, "garbage", LONG_BEFORE), "a time that cannot be checked is not booked");
        Preferences after = prefs(null, new Preferences.Times(LocalTime.of(12, 0), null), null, null);
        assertFalse(after.accepts(MONDAY, "08:10", LONG_BEFORE));
        assertTrue(after.accepts(MONDAY, "23:59", LONG_BEFORE));
    }

    @Test
    void minNoticeCountsFromNowToTheSlotsStartInSwedishTime() {
        Preferences p = prefs(null, null, Duration.ofHours(48), null);
        Instant start = MONDAY.atTime(8, 10).atZone(SWEDEN).toInstant();
        assertTrue(p.accepts(MONDAY, "08:10", start.minus(Duration.ofHours(48))), "exactly the notice is enough");
        assertFalse(p.accepts(MONDAY, "08:10", start.minus(Duration.ofHours(48)).plusSeconds(1)));
        assertFalse(p.accepts(MONDAY, "08:10", start.plusSeconds(60)), "a slot in the past");
    }

    @Test
    void bookBeforeTakesOnlyStrictlyEarlierDays() {
        Preferences p = prefs(null, null, null, MONDAY);
        assertTrue(p.accepts(MONDAY.minusDays(1), "13:45", LONG_BEFORE));
        assertFalse(p.accepts(MONDAY, "08:10", LONG_BEFORE), "never the same day as the test held already");
        assertFalse(p.accepts(MONDAY.plusDays(1), "08:10", LONG_BEFORE));
    }

    @Test
    void distancesAreGreatCircleKilometres() {
        // Stockholm to Uppsala is about 61 km as the crow flies; Malmö to Luleå about 1,220 km.
        double su = Preferences.distanceKm(59.347, 18.019, 59.859, 17.639);
        assertTrue(su > 55 && su < 62, "Stockholm-Uppsala " + su);
        double ml = Preferences.distanceKm(55.565, 13.053, 65.62, 22.13);
        assertTrue(ml > 1200 && ml < 1300, "Malmö-Luleå " + ml);
        Preferences.Near near = new Preferences.Near(59.859, 17.639, 65);
        assertTrue(near.covers(59.347, 18.019));
        assertFalse(new Preferences.Near(59.859, 17.639, 58).covers(59.347, 18.019));
        assertEquals(0, near.kmTo(59.859, 17.639), 1e-9);
    }

    @Test
    void keptAsJsonWithTheWireNamesWhateverTheMappersDefaults() throws Exception {
        // Jackson's own defaults write dates and durations as numbers: the fields' formats must win.
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        Preferences p = new Preferences(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY),
                new Preferences.Times(LocalTime.of(8, 0), null), Duration.ofHours(48),
                new Preferences.Near(59.86, 17.64, 40), Preferences.Rank.nearest, LocalDate.of(2031, 3, 1),
                Instant.parse("2031-02-15T23:00:00Z"));
        String text = json.writeValueAsString(p);
        assertEquals("{\"weekdays\":[\"mon\",\"fri\"],\"times\":{\"earliest\":\"08:00\"},\"min_notice\":\"PT48H\","
                + "\"near\":{\"lat\":59.86,\"lon\":17.64,\"max_km\":40.0},\"rank\":\"nearest\","
                + "\"book_before\":\"2031-03-01\",\"watch_until\":\"2031-02-15T23:00:00Z\"}", text);
        assertEquals(p, json.readValue(text, Preferences.class));
    }

    @Test
    void aStoredRequestWithoutPreferencesReadsBackWithNoneAndNoneAreNotWritten() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        JobRequest old = new JobRequest("u", "B", ExamType.KORPROV, List.of("Uppsala"),
                List.of(new DateRange(MONDAY, MONDAY.plusDays(9))), null, true, Priority.normal, VehicleType.manual,
                null);
        String text = json.writeValueAsString(old);
        assertFalse(text.contains("preferences"), "a request without preferences is stored as before: " + text);
        JobRequest back = json.readValue(text, JobRequest.class);
        assertEquals(Preferences.NONE, back.preferences());
        assertEquals(old, back);
        JobRequest with = new JobRequest("u", "B", ExamType.KORPROV, List.of(), old.dateRanges(), null, true,
                Priority.normal, VehicleType.manual, null, prefs(EnumSet.of(DayOfWeek.SUNDAY), null, null, null));
        assertEquals(with, json.readValue(json.writeValueAsString(with), JobRequest.class));
    }
}
