package se.provtid.search;

import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import se.provtid.site.Occasion;

/**
 * One searching job's part in the fleet-wide search: at each turn it takes what was handed to it, or makes a due
 * call of the plan through its own session (no more often than SEARCH_INTERVAL), whose results go to whoever they
 * fit. Not thread-safe: one job's thread uses it.
 */
public final class Seeker {

    /** Turns in a row within one {@link #turn}: after its own search, a job looks at once at what it was handed. */
    private static final int ROUNDS = 3;

    private final FleetSearch fleet;
    private final Want want;
    private final String wantJson;
    private final Semaphore wake;
    private final long restMs;
    private final Clock clock;
    private long lastSearch = Long.MIN_VALUE / 2;

    Seeker(FleetSearch fleet, Want want, String wantJson, Semaphore wake, long restMs, Clock clock) {
        this.fleet = fleet;
        this.want = want;
        this.wantJson = wantJson;
        this.wake = wake;
        this.restMs = restMs;
        this.clock = clock;
    }

    /**
     * One turn: a slot handed to this job (it alone tries it now), or null when there is none yet. Slots that fitted
     * but went to another of our jobs are told to {@code wentToOther}.
     */
    public Offer turn(Searcher searcher, Consumer<Occasion> wentToOther) {
        for (int round = 0; round < ROUNDS; round++) {
            boolean rested = clock.millis() - lastSearch >= restMs;
            Response r = fleet.tick(want, wantJson, rested, fleet.callsFor(want));
            String kind = r.get(0).toString();
            if (kind.equals("item")) {
                InboxItem item = fleet.read(r.get(1).toString());
                if (item == null || item.occasion() == null) {
                    continue;
                }
                if (InboxItem.OFFER.equals(item.kind())) {
                    return new Offer(item.occasion(), want.jobId().equals(item.by()), item.call());
                }
                wentToOther.accept(item.occasion());
            } else if (kind.equals("call")) {
                PlannedCall call = fleet.call(r.get(1).toString());
                if (call == null || call.from() == null) {
                    continue;
                }
                lastSearch = clock.millis();
                List<Occasion> found = searcher.search(call.places(), call.from());
                fleet.looked(call, found, want.jobId());
            } else {
                return null;
            }
        }
        return null;
    }

    /** Released when something is handed to this job in this process: its thread waits on it between turns. */
    public Semaphore wakeup() {
        return wake;
    }

    /** Whether the job held the slot it was handed ({@link FleetSearch#outcome}). */
    public void outcome(Offer offer, boolean held) {
        fleet.outcome(want.jobId(), offer, held);
    }

    /** The job stops searching (it holds a slot and books it, or it ended). */
    public void leave() {
        fleet.leave(want.jobId());
    }
}
