package se.provtid.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import se.provtid.job.DateRange;
import se.provtid.job.ExamType;
import se.provtid.job.VehicleType;

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
 * @param watching whether the job watches (its site session ended): the fleet searches its places, but it cannot
 *        hold a slot until its person logs in again, so a slot that fits it is announced to it instead
 */
public record Want(@JsonProperty("job_id") String jobId, @JsonProperty("exam") String examKey,
        @JsonProperty("places") List<Long> places, @JsonProperty("date_ranges") List<DateRange> dateRanges,
        @JsonProperty("rank") int rank, @JsonProperty("since") long since,
        @JsonProperty("watching") boolean watching) {

    /** A searching (logged-in) job's want. */
    public Want(String jobId, String examKey, List<Long> places, List<DateRange> dateRanges, int rank, long since) {
        this(jobId, examKey, places, dateRanges, rank, since, false);
    }

    /** The same want, of the job now watching. */
    public Want asWatching() {
        return new Want(jobId, examKey, places, dateRanges, rank, since, true);
    }

    /** The exam key of a licence, exam type and vehicle: jobs with equal keys can book each other's findings. */
    public static String examKey(String licence, ExamType examType, VehicleType vehicle) {
        return licence + "|" + examType + "|" + vehicle;
    }

    /** Whether a slot at this place on this day is one the job asked for. */
    public boolean fits(String exam, long locationId, LocalDate day) {
        return examKey.equals(exam) && places.contains(locationId) && covers(day);
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
