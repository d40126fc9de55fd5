package se.provtid.worker;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import se.provtid.job.DateRange;
import se.provtid.site.BookingSite;
import se.provtid.site.Occasion;

/** Finds the earliest free slot for a job across its places and date ranges. */
final class SlotSearch {

    /** The site searches one place plus at most three nearby ones per call. */
    private static final int PLACES_PER_CALL = 4;
    private static final Comparator<Occasion> EARLIEST = Comparator.comparing(Occasion::date)
            .thenComparing(Occasion::time);

    private final SiteRetryPolicy retry;

    SlotSearch(SiteRetryPolicy retry) {
        this.retry = retry;
    }

    /** The earliest free occasion in any requested range from today on, or null when there is none now. */
    Occasion earliest(BookingSite site, Target target, LocalDate today) {
        Occasion best = null;
        List<Long> ids = target.locationIds();
        for (int i = 0; i < ids.size(); i += PLACES_PER_CALL) {
            List<Long> batch = ids.subList(i, Math.min(ids.size(), i + PLACES_PER_CALL));
            for (DateRange range : target.dateRanges()) {
                if (range.end().isBefore(today)) {
                    continue;
                }
                LocalDate from = range.start().isBefore(today) ? today : range.start();
                for (Occasion o : retry.retrying(() -> site.search(target.exam(), batch, from))) {
                    // The site also answers with later dates than the range's end: keep only what the job asked for.
                    if (target.covers(o.date()) && (best == null || EARLIEST.compare(o, best) < 0)) {
                        best = o;
                    }
                }
            }
        }
        return best;
    }
}
