package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.WebApplicationException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.provtid.api.Problem.FieldError;
import se.provtid.api.StartRequest.DateRangeBody;
import se.provtid.api.StartRequest.NearBody;
import se.provtid.api.StartRequest.TimesBody;
import se.provtid.job.JobRequest;
import se.provtid.job.Preferences;

/** The start request's preferences through the validator: each rule, named by field and rule, and what is kept. */
class PreferenceRulesTest {

    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private final StartRequestValidator validator = new StartRequestValidator(false);

    private static String day(int fromToday) {
        return LocalDate.now(SWEDEN).plusDays(fromToday).toString();
    }

    /** A valid request with these preferences (and these locations). */
    private static StartRequest with(List<String> locations, List<String> weekdays, TimesBody times, String notice,
            NearBody near, String rank, String bookBefore, String watchUntil) {
        return new StartRequest("user-1", "B", "Körprov", locations, List.of(new DateRangeBody(day(10), day(40))),
                null, null, null, null, null, weekdays, times, notice, near, rank, bookBefore, watchUntil);
    }

    private static StartRequest with(List<String> weekdays, TimesBody times, String notice, NearBody near,
            String rank, String bookBefore, String watchUntil) {
        return with(List.of("Uppsala"), weekdays, times, notice, near, rank, bookBefore, watchUntil);
    }

    private Set<String> broken(StartRequest r) {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> validator.validate(r));
        assertEquals(400, e.getResponse().getStatus());
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) ((Problem) e.getResponse().getEntity()).getExtensions()
                .get("errors");
        return errors.stream().map(f -> f.field() + ":" + f.rule()).collect(Collectors.toSet());
    }

    @Test
    void noPreferencesAreNone() {
        JobRequest j = validator.validate(with(null, null, null, null, null, null, null));
        assertEquals(Preferences.NONE, j.preferences());
    }

    @Test
    void validPreferencesAreKept() {
        JobRequest j = validator.validate(with(List.of("mon", "fri"), new TimesBody("08:00", "12:30"), "PT48H",
                new NearBody(59.86, 17.64, 40.0), "nearest", day(30), day(20)));
        Preferences p = j.preferences();
        assertEquals(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), p.weekdays());
        assertEquals(new Preferences.Times(LocalTime.of(8, 0), LocalTime.of(12, 30)), p.times());
        assertEquals(Duration.ofHours(48), p.minNotice());
        assertEquals(new Preferences.Near(59.86, 17.64, 40.0), p.near());
        assertEquals(Preferences.Rank.nearest, p.rank());
        assertEquals(LocalDate.parse(day(30)), p.bookBefore());
        // A date as watch_until lasts through that day in Swedish time.
        assertEquals(LocalDate.parse(day(21)).atStartOfDay(SWEDEN).toInstant(), p.watchUntil());
        assertEquals(Instant.parse("2099-01-01T10:00:00Z"), validator.validate(with(null, null, null, null, null,
                null, "2099-01-01T10:00:00Z")).preferences().watchUntil());
        assertNull(validator.validate(with(null, new TimesBody(null, "10:00"), null, null, null, null, null))
                .preferences().times().earliest(), "either end of times may be left out");
    }

    @Test
    void weekdaysMustBeKnownUniqueAndOneToSeven() {
        assertEquals(Set.of("weekdays[1]:one_of"), broken(with(List.of("mon", "monday"), null, null, null, null,
                null, null)));
        assertEquals(Set.of("weekdays[2]:unique"), broken(with(List.of("mon", "tue", "mon"), null, null, null, null,
                null, null)));
        assertEquals(Set.of("weekdays:min_items"), broken(with(List.of(), null, null, null, null, null, null)));
        assertEquals(Set.of("weekdays:max_items"), broken(with(List.of("mon", "tue", "wed", "thu", "fri", "sat",
                "sun", "mon"), null, null, null, null, null, null)));
        assertEquals(Set.of("weekdays[0]:one_of"), broken(with(java.util.Arrays.asList((String) null), null, null,
                null, null, null, null)));
    }

    @Test
    void timesAreHhMmAndEarliestNotAfterLatest() {
        assertEquals(Set.of("times.earliest:hh_mm", "times.latest:hh_mm"), broken(with(null,
                new TimesBody("8:00", "24:00"), null, null, null, null, null)));
        assertEquals(Set.of("times:earliest_before_latest"), broken(with(null, new TimesBody("12:00", "08:00"),
                null, null, null, null, null)));
        assertEquals(new Preferences.Times(LocalTime.of(9, 0), LocalTime.of(9, 0)), validator.validate(with(null,
                new TimesBody("09:00", "09:00"), null, null, null, null, null)).preferences().times());
    }

    @Test
    void minNoticeIsAnIsoDurationFromZeroToNinetyDays() {
        assertEquals(Set.of("min_notice:iso_duration"), broken(with(null, null, "48h", null, null, null, null)));
        assertEquals(Set.of("min_notice:range"), broken(with(null, null, "P91D", null, null, null, null)));
        assertEquals(Set.of("min_notice:range"), broken(with(null, null, "-PT1H", null, null, null, null)));
        assertEquals(Duration.ofDays(90), validator.validate(with(null, null, "P90D", null, null, null, null))
                .preferences().minNotice());
    }

    @Test
    void nearNeedsAPointInRangeAndADistanceFromOneTo500Km() {
        assertEquals(Set.of("near.lat:range", "near.lon:range", "near.max_km:range"), broken(with(null, null, null,
                new NearBody(90.5, -181.0, 0.5), null, null, null)));
        assertEquals(Set.of("near.max_km:range"), broken(with(null, null, null, new NearBody(59.0, 17.0, 501.0),
                null, null, null)));
        assertEquals(Set.of("near.lat:required", "near.lon:required", "near.max_km:required"), broken(with(null,
                null, null, new NearBody(null, null, null), null, null, null)));
    }

    @Test
    void locationsMayBeEmptyOnlyWithNear() {
        JobRequest j = validator.validate(with(List.of(), null, null, null, new NearBody(59.86, 17.64, 40.0), null,
                null, null));
        assertTrue(j.locations().isEmpty());
        assertEquals(Set.of("locations:required"), broken(with(List.of(), null, null, null, null, null, null,
                null)));
    }

    @Test
    void rankIsEarliestOrNearestAndNearestNeedsNear() {
        assertEquals(Set.of("rank:one_of"), broken(with(null, null, null, null, "cheapest", null, null)));
        assertEquals(Set.of("rank:requires_near"), broken(with(null, null, null, null, "nearest", null, null)));
        assertEquals(Preferences.Rank.earliest, validator.validate(with(null, null, null, null, "earliest", null,
                null)).preferences().ranking());
    }

    @Test
    void bookBeforeIsAnIsoDateAfterToday() {
        assertEquals(Set.of("book_before:iso_date"), broken(with(null, null, null, null, null, "1 March", null)));
        assertEquals(Set.of("book_before:future"), broken(with(null, null, null, null, null, day(0), null)));
        assertEquals(LocalDate.parse(day(1)), validator.validate(with(null, null, null, null, null, day(1), null))
                .preferences().bookBefore());
    }

    @Test
    void watchUntilIsADateOrInstantInTheFuture() {
        assertEquals(Set.of("watch_until:iso_date"), broken(with(null, null, null, null, null, null, "soon")));
        assertEquals(Set.of("watch_until:future"), broken(with(null, null, null, null, null, null,
                "2020-01-01T00:00:00Z")));
        assertEquals(Set.of("watch_until:future"), broken(with(null, null, null, null, null, null, day(-1))));
    }

    @Test
    void everyBrokenPreferenceIsListedAtOnce() {
        assertEquals(Set.of("weekdays[0]:one_of", "times.latest:hh_mm", "min_notice:iso_duration",
                "near.lat:range", "book_before:iso_date", "watch_until:future"), broken(with(List.of("xyz"),
                        new TimesBody(null, "noon"), "soon", new NearBody(100.0, 17.0, 10.0), "nearest", "x",
                        day(-2))));
    }
}
