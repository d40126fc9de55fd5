package se.provtid.search;

import java.time.LocalDate;
import java.util.List;
import se.provtid.site.Occasion;

/** One job's way of making a planned call through its own logged-in session (paced and retried by the worker). */
@FunctionalInterface
public interface Searcher {

    /** The free slots the site lists from {@code from} on at the first place and up to three nearby ones. */
    List<Occasion> search(List<Long> places, LocalDate from);
}
