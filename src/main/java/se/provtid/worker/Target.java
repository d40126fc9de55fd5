package se.provtid.worker;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import se.provtid.job.DateRange;
import se.provtid.job.Preferences;
import se.provtid.search.Want;
import se.provtid.site.ExamQuery;
import se.provtid.site.Occasion;

/**
 * What a job books, resolved once per login: the exam, the places by the site's ids (with {@code rank: nearest} the
 * nearest first), the requested dates and the person's preferences.
 */
record Target(ExamQuery exam, List<Long> locationIds, List<DateRange> dateRanges, Preferences prefs) {

    Target {
        prefs = Preferences.orNone(prefs);
    }

    /** A target without preferences. */
    Target(ExamQuery exam, List<Long> locationIds, List<DateRange> dateRanges) {
        this(exam, locationIds, dateRanges, Preferences.NONE);
    }

    /** Whether the day lies in one of the requested date ranges. */
    boolean covers(LocalDate day) {
        return dateRanges.stream().anyMatch(r -> r.contains(day));
    }

    /** Whether nothing is left to search for: every date range ended before today, or book_before has come. */
    boolean allPassed(LocalDate today) {
        return dateRanges.stream().allMatch(r -> r.end().isBefore(today))
                || prefs.bookBefore() != null && !today.isBefore(prefs.bookBefore());
    }

    /** Whether a slot is at one of the job's places, in one of its ranges, and as its preferences ask. */
    boolean fits(Occasion o, Instant now) {
        return atPlaceAndDates(o) && prefs.accepts(o.date(), o.time(), now);
    }

    /**
     * Whether a slot is at one of the job's places and in one of its ranges: for a hold the job made itself, whose
     * preferences were checked when it was made (a min_notice must not drop it minutes later).
     */
    boolean atPlaceAndDates(Occasion o) {
        return locationIds.contains(o.locationId()) && covers(o.date());
    }

    /** The order in which the job takes fitting slots, the best first. */
    Comparator<Occasion> ranking() {
        return Want.ranking(locationIds, prefs);
    }
}
