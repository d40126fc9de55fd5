package se.provtid.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import se.provtid.job.DateRange;
import se.provtid.job.ExamType;
import se.provtid.job.Preferences;
import se.provtid.job.VehicleType;
import se.provtid.site.Occasion;

/**
 * What one searching job wants, as the fleet's plan and hand-out see it: never who the person is. Kept in Redis
 * ({@code RedisKeys#searchWants}) while the job searches.
 *
 * @param jobId the job
 * @param examKey licence, exam type and vehicle, e.g. {@code B|KORPROV|manual}: jobs with the same key can use
 *        each other's search results
 * @param places the site's location ids of the job's places
 * @param dateRanges the dates the job asks for
 * @param rank the job's priority rank (lower goes first)
 * @param since when the job was created (epoch ms): among equal priorities, who has waited longest goes first
 * @param prefs the job's preferences (weekdays, times, notice, book_before) and how it ranks slots; with
 *        {@code rank: nearest} the places are in order of distance, the nearest first
 * @param watching whether the job watches (its site session ended): the fleet searches its places, but it cannot
 *        hold a slot until its person logs in again, so a slot that fits it is announced to it instead
 */
public record Want(@JsonProperty("job_id") String jobId, @JsonProperty("exam") String examKey,
        @JsonProperty("places") List<Long> places, @JsonProperty("date_ranges") List<DateRange> dateRanges,
        @JsonProperty("rank") int rank, @JsonProperty("since") long since,
        @JsonProperty("prefs") @JsonInclude(value = JsonInclude.Include.CUSTOM,
                valueFilter = Preferences.IsNone.class) Preferences prefs,
        @JsonProperty("watching") boolean watching) {

    /** Earliest first: by date, then time of day. */
    static final Comparator<Occasion> EARLIEST = Comparator.comparing(Occasion::date).thenComparing(Occasion::time);

    public Want {
        prefs = Preferences.orNone(prefs); // a want written before preferences existed
    }

    /** A want without preferences. */
    public Want(String jobId, String examKey, List<Long> places, List<DateRange> dateRanges, int rank, long since) {
        this(jobId, examKey, places, dateRanges, rank, since, Preferences.NONE);
    }

    /** A searching (logged-in) job's want. */
    public Want(String jobId, String examKey, List<Long> places, List<DateRange> dateRanges, int rank, long since,
            Preferences prefs) {
        this(jobId, examKey, places, dateRanges, rank, since, prefs, false);
    }

    /** The same want, of the job now watching. */
    public Want asWatching() {
        return new Want(jobId, examKey, places, dateRanges, rank, since, prefs, true);
    }

    /** The exam key of a licence, exam type and vehicle: jobs with equal keys can book each other's findings. */
    public static String examKey(String licence, ExamType examType, VehicleType vehicle) {
        return licence + "|" + examType + "|" + vehicle;
    }

    /** Whether a slot at this place, day and time ("HH:MM") is one the job asked for, its preferences too. */
    public boolean fits(String exam, long locationId, LocalDate day, String time, Instant now) {
        return examKey.equals(exam) && places.contains(locationId) && covers(day) && prefs.accepts(day, time, now);
    }

    /**
     * The order in which this job prefers slots, the best first: the earliest, or with {@code rank: nearest} the
     * nearest place (its places are in order of distance) and then the earliest.
     */
    @JsonIgnore
    public Comparator<Occasion> ranking() {
        return ranking(places, prefs);
    }

    /** The ranking of {@link #ranking()} for places in order of distance (when the rank is nearest). */
    public static Comparator<Occasion> ranking(List<Long> places, Preferences prefs) {
        if (prefs.ranking() != Preferences.Rank.nearest) {
            return EARLIEST;
        }
        Comparator<Occasion> nearest = Comparator.comparingInt(o -> {
            int i = places.indexOf(o.locationId());
            return i < 0 ? Integer.MAX_VALUE : i;
        });
        return nearest.thenComparing(EARLIEST);
    }

    /** Whether the day lies in one of the job's date ranges. */
    public boolean covers(LocalDate day) {
        return dateRanges.stream().anyMatch(r -> r.contains(day));
    }

    /** The last day the job asks for. */
    @JsonIgnore
    public LocalDate lastDay() {
        return dateRanges.stream().map(DateRange::end).max(LocalDate::compareTo).orElseThrow();
    }

    /** Whether one of the job's ranges has a day in [{@code from}, {@code until}). */
    public boolean asksBetween(LocalDate from, LocalDate until) {
        return dateRanges.stream().anyMatch(r -> !r.end().isBefore(from) && r.start().isBefore(until));
    }

    /** The first day from {@code today} on that the job still asks for, or null when every range has passed. */
    @JsonIgnore
    public LocalDate firstDay(LocalDate today) {
        return dateRanges.stream().filter(r -> !r.end().isBefore(today))
                .map(r -> r.start().isBefore(today) ? today : r.start()).min(LocalDate::compareTo).orElse(null);
    }
}
