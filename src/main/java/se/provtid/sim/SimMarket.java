package se.provtid.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The simulated site's slot market: when on, every seeded slot is taken except a few; slots are then released at
 * random (a Poisson process per place), and simulated rivals take a released slot nobody holds after a random
 * delay. Advanced lazily to the current time by {@link SimState}, under its lock, so it needs no thread of its own
 * and a seed makes a run repeatable. Not thread-safe on its own.
 */
final class SimMarket {

    /** Who holds a slot the market took (nobody can book it). */
    static final String MARKET = "taken-by-market";
    /** Who holds a slot a rival took. */
    static final String RIVAL = "taken-by-rival";
    /** Releases remembered for {@code GET /sim/admin/releases}; the oldest go first beyond this. */
    static final int MAX_RELEASES = 10_000;
    /** A release this close to its date is a late cancellation ({@code isLateCancellation}). */
    static final int LATE_DAYS = 3;

    /** One slot freed by the market, and what became of it. */
    static final class Release {
        final long id;
        final Instant releasedAt;
        final String reason;
        final SimState.SlotState slot;
        Instant heldAt;
        String takenBy;
        String bookingId;
        Instant takenAt;

        Release(long id, Instant releasedAt, String reason, SimState.SlotState slot) {
            this.id = id;
            this.releasedAt = releasedAt;
            this.reason = reason;
            this.slot = slot;
        }
    }

    private record RivalTake(Instant at, Release release) {
    }

    private final ArrayDeque<Release> releases = new ArrayDeque<>();
    /** The latest release of each slot still in play. */
    private final Map<Long, Release> live = new HashMap<>();
    private final PriorityQueue<RivalTake> rivals = new PriorityQueue<>((a, b) -> a.at.compareTo(b.at));
    private final Map<Long, Instant> nextRelease = new HashMap<>();
    private Random random = new Random(1);
    private SimScenario scenario;
    private long nextId;
    private boolean on;

    boolean isOn() {
        return on;
    }

    /** Turns the market on: every free seeded slot is taken except {@code market_free_slots}, chosen by the seed. */
    void start(SimScenario s, Collection<SimState.SlotState> slots, Instant now) {
        scenario = s;
        random = new Random(s.seed());
        on = true;
        List<SimState.SlotState> free = new ArrayList<>();
        for (SimState.SlotState slot : slots) {
            if (slot.bookingId == null && slot.heldBy == null) {
                free.add(slot);
            }
        }
        for (int keep = 0; keep < s.marketFreeSlots() && !free.isEmpty(); keep++) {
            free.remove(random.nextInt(free.size()));
        }
        free.forEach(slot -> slot.bookingId = MARKET);
        nextRelease.clear();
        for (SimCatalog.Location loc : SimCatalog.LOCATIONS) {
            scheduleRelease(loc.id(), now);
        }
    }

    /** The knobs changed while on: later draws follow the new rate and median. */
    void retune(SimScenario s, Instant now) {
        boolean rateChanged = scenario == null || !s.releasePerHour().equals(scenario.releasePerHour());
        scenario = s;
        if (rateChanged) {
            for (SimCatalog.Location loc : SimCatalog.LOCATIONS) {
                scheduleRelease(loc.id(), now);
            }
        }
    }

    /** Turns the market off: the slots it took are free again, nothing more is released or taken. */
    void stop(Collection<SimState.SlotState> slots) {
        on = false;
        slots.forEach(slot -> {
            if (MARKET.equals(slot.bookingId)) {
                slot.bookingId = null;
            }
        });
        rivals.clear();
        nextRelease.clear();
        live.clear();
    }

    void clear() {
        on = false;
        releases.clear();
        live.clear();
        rivals.clear();
        nextRelease.clear();
        nextId = 0;
    }

    /** Plays every release, rival take and lapsed hold due up to {@code now}, in time order. */
    void advance(Instant now, Map<Long, SimState.SlotState> slots) {
        if (!on) {
            return;
        }
        lapsed(now, slots);
        while (true) {
            Map.Entry<Long, Instant> release = nextRelease.entrySet().stream().min(Map.Entry.comparingByValue())
                    .orElse(null);
            RivalTake rival = rivals.peek();
            Instant releaseAt = release == null ? null : release.getValue();
            if (rival != null && !rival.at.isAfter(now) && (releaseAt == null || !rival.at.isAfter(releaseAt))) {
                rivals.poll();
                rivalTakes(rival);
            } else if (releaseAt != null && !releaseAt.isAfter(now)) {
                releaseAt(release.getKey(), releaseAt, slots);
                scheduleRelease(release.getKey(), releaseAt);
            } else {
                return;
            }
        }
    }

    /** Releases one market-taken slot at the place now (the admin's "someone cancelled"); null when none is. */
    Release releaseNow(long locationId, int daysAhead, int examinationTypeId, int vehicleTypeId, Instant now,
            Map<Long, SimState.SlotState> slots) {
        LocalDate target = LocalDate.ofInstant(now, SimState.ZONE).plusDays(daysAhead);
        SimState.SlotState best = null;
        for (SimState.SlotState s : slots.values()) {
            if (s.locationId == locationId && MARKET.equals(s.bookingId) && s.examinationTypeId == examinationTypeId
                    && s.vehicleTypeId == vehicleTypeId && (best == null || Math.abs(s.date.toEpochDay()
                            - target.toEpochDay()) < Math.abs(best.date.toEpochDay() - target.toEpochDay()))) {
                best = s;
            }
        }
        return best == null ? null : free(best, now, "cancelled");
    }

    /** One of ours held the slot: the first hold of a release is when we caught it. */
    void held(SimState.SlotState slot, Instant at) {
        Release r = live.get(slot.examinationId);
        if (r != null && r.heldAt == null && r.takenBy == null) {
            r.heldAt = at;
        }
    }

    /** One of ours booked the slot. */
    void booked(SimState.SlotState slot, String bookingId, Instant at) {
        Release r = live.remove(slot.examinationId);
        if (r != null && r.takenBy == null) {
            r.takenBy = "provtid";
            r.bookingId = bookingId;
            r.takenAt = at;
        }
    }

    /** Someone else was quicker at the hold (the steal_next_reservations knob): a rival took it. */
    void stolen(SimState.SlotState slot, Instant at) {
        Release r = live.remove(slot.examinationId);
        if (r != null && r.takenBy == null) {
            r.takenBy = "rival";
            r.takenAt = at;
        }
    }

    List<Release> releases() {
        return List.copyOf(releases);
    }

    private void lapsed(Instant now, Map<Long, SimState.SlotState> slots) {
        for (SimState.SlotState s : slots.values()) {
            if (s.heldBy != null && s.bookingId == null && !s.holdExpires.isAfter(now)) {
                Instant at = s.holdExpires;
                s.heldBy = null;
                s.holdExpires = null;
                free(s, at, "lapsed");
            }
        }
    }

    private void releaseAt(long locationId, Instant at, Map<Long, SimState.SlotState> slots) {
        LocalDate today = LocalDate.ofInstant(at, SimState.ZONE);
        LocalDate last = today.plusDays(scenario.releaseDays());
        List<SimState.SlotState> taken = new ArrayList<>();
        for (SimState.SlotState s : slots.values()) {
            if (s.locationId == locationId && MARKET.equals(s.bookingId) && !s.date.isAfter(last)
                    && s.date.isAfter(today)) {
                taken.add(s);
            }
        }
        if (!taken.isEmpty()) {
            free(taken.get(random.nextInt(taken.size())), at, "cancelled");
        }
    }

    private Release free(SimState.SlotState slot, Instant at, String reason) {
        slot.bookingId = null;
        slot.lateCancellation = !slot.date.isAfter(LocalDate.ofInstant(at, SimState.ZONE).plusDays(LATE_DAYS));
        Release r = new Release(++nextId, at, reason, slot);
        releases.addLast(r);
        if (releases.size() > MAX_RELEASES) {
            releases.removeFirst();
        }
        live.put(slot.examinationId, r); // a lapsed hold's new release supersedes the one it was held from
        double median = scenario.rivalMedianSeconds();
        if (median > 0) {
            // Exponential delay with this median: mean = median / ln 2.
            double seconds = -Math.log(1 - random.nextDouble()) * median / Math.log(2);
            rivals.add(new RivalTake(at.plus(Duration.ofMillis((long) (seconds * 1000))), r));
        }
        return r;
    }

    private void rivalTakes(RivalTake t) {
        Release r = t.release;
        SimState.SlotState s = r.slot;
        if (live.get(s.examinationId) != r || r.takenBy != null) {
            return; // released again since, or already taken
        }
        boolean held = s.heldBy != null && s.holdExpires.isAfter(t.at);
        if (s.bookingId == null && !held) {
            s.bookingId = RIVAL;
            r.takenBy = "rival";
            r.takenAt = t.at;
            live.remove(s.examinationId);
        }
        // A rival who finds the slot held gives up: if the hold lapses, the slot is released again.
    }

    private void scheduleRelease(long locationId, Instant from) {
        double perHour = scenario.releasePerHour();
        if (perHour <= 0) {
            nextRelease.remove(locationId);
            return;
        }
        double seconds = -Math.log(1 - random.nextDouble()) * 3600 / perHour;
        nextRelease.put(locationId, from.plus(Duration.ofMillis((long) (seconds * 1000))));
    }
}
