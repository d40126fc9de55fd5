package se.provtid.worker;

import java.time.LocalDate;
import java.util.List;
import se.provtid.job.DateRange;
import se.provtid.site.ExamQuery;
import se.provtid.site.Occasion;

/** What a job books, resolved once per login: the exam, the places by the site's ids, and the requested dates. */
record Target(ExamQuery exam, List<Long> locationIds, List<DateRange> dateRanges) {

    /** Whether the day lies in one of the requested date ranges. */
    boolean covers(LocalDate day) {
        return dateRanges.stream().anyMatch(r -> r.contains(day));
    }

    /** Whether every requested date range ended before today: nothing left to search for. */
    boolean allPassed(LocalDate today) {
        return dateRanges.stream().allMatch(r -> r.end().isBefore(today));
    }

    /** Whether a slot is at one of the job's places and in one of its ranges. */
    boolean fits(Occasion o) {
        return locationIds.contains(o.locationId()) && covers(o.date());
    }
}
