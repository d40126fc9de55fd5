package se.provtid.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import se.provtid.config.ProvtidConfig.Worker.SearchMode;

/**
 * Search meters for Prometheus, as this process sees them: search calls by mode, slots found and handed out, slots
 * that went to another of our jobs, races lost to others, and two of our jobs trying one slot at once (which the
 * hand-out exists to prevent: it should stay 0 in fleet mode). Fleet-wide figures are in {@code GET /api/v1/stats}.
 */
@Startup // registered at start, so every name is served (at 0) before the first search
@Singleton
public class SearchMetrics {

    private final Map<SearchMode, Counter> calls = new EnumMap<>(SearchMode.class);
    private final Counter found;
    private final Counter handedOut;
    private final Counter wentToOther;
    private final Counter lostRaces;
    private final Counter selfCollisions;
    private final Counter announced;

    public SearchMetrics(MeterRegistry registry) {
        for (SearchMode m : SearchMode.values()) {
            calls.put(m, Counter.builder("provtid.search.calls").tag("mode", m.name())
                    .description("Search calls made to the booking site, by search mode").register(registry));
        }
        this.found = Counter.builder("provtid.search.slots.found")
                .description("Free slots in the answers of search calls").register(registry);
        this.handedOut = Counter.builder("provtid.search.handed.out")
                .description("Found slots handed to one of our jobs to try").register(registry);
        this.wentToOther = Counter.builder("provtid.search.went.to.other")
                .description("Slots that fitted a job but went to another of our jobs").register(registry);
        this.lostRaces = Counter.builder("provtid.search.lost.races")
                .description("Slots a job tried that someone else held or took first").register(registry);
        this.selfCollisions = Counter.builder("provtid.search.self.collisions")
                .description("Two of our jobs trying to hold one slot at once").register(registry);
        this.announced = Counter.builder("provtid.search.announced")
                .description("Found slots announced to a watching job, whose person may log in again for them")
                .register(registry);
    }

    public void announced() {
        announced.increment();
    }

    /** Counts one search call; {@code mode} is {@code fleet} or {@code job} (anything else counts as job). */
    public void looked(String mode) {
        calls.get("fleet".equals(mode) ? SearchMode.fleet : SearchMode.job).increment();
    }

    /** Counts the free slots one search call's answer held. */
    public void found(int n) {
        if (n > 0) {
            found.increment(n);
        }
    }

    public void handedOut() {
        handedOut.increment();
    }

    public void wentToOther() {
        wentToOther.increment();
    }

    public void lostRace() {
        lostRaces.increment();
    }

    public void selfCollision() {
        selfCollisions.increment();
    }
}
