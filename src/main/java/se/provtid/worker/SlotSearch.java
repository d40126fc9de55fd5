package se.provtid.worker;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import se.provtid.job.DateRange;
import se.provtid.search.FleetSearch;
import se.provtid.search.SearchPlanner;
import se.provtid.search.Want;
import se.provtid.site.BookingSite;
import se.provtid.site.Occasion;

/** Finds the best free slot for a job across its places and date ranges: the earliest, or the nearest first. */
final class SlotSearch {

    private final SiteRetryPolicy retry;
    private final FleetSearch fleet;

    SlotSearch(SiteRetryPolicy retry, FleetSearch fleet) {
        this.retry = retry;
        this.fleet = fleet;
    }

    /**
     * The best free occasion that fits the job (places, ranges from today on, preferences at {@code now}) by the
     * job's ranking, or null when there is none now.
     */
    Occasion best(BookingSite site, Target target, LocalDate today, Instant now) {
        Comparator<Occasion> ranking = target.ranking();
        Occasion best = null;
        List<Long> ids = target.locationIds();
        for (int i = 0; i < ids.size(); i += SearchPlanner.PLACES_PER_CALL) {
            List<Long> batch = ids.subList(i, Math.min(ids.size(), i + SearchPlanner.PLACES_PER_CALL));
            for (DateRange range : target.dateRanges()) {
                if (range.end().isBefore(today)) {
                    continue;
                }
                LocalDate from = range.start().isBefore(today) ? today : range.start();
                List<Occasion> found = retry.retrying(() -> site.search(target.exam(), batch, from));
                // What the fleet learns comes from job-mode searches too, so the two modes compare side by side.
                fleet.lookedAlone(Want.examKey(target.exam().licence(), target.exam().examType(),
                        target.exam().vehicle()), batch, from, found);
                for (Occasion o : found) {
                    // The site also answers with later dates than the range's end: keep only what the job asked for.
                    if (target.fits(o, now) && (best == null || ranking.compare(o, best) < 0)) {
                        best = o;
                    }
                }
            }
        }
        return best;
    }
}
