package se.provtid.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.LuaScripts;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisKeys;
import se.provtid.queue.WorkerRedis;
import se.provtid.site.Occasion;

/**
 * The fleet-wide search, as one worker process takes part in it: its searching jobs make the plan's due calls
 * through their own sessions ({@link Seeker}), every result is handed out to the one job first in line (priority,
 * then who has waited longest, then job id), and a job that cannot hold its slot passes it to the next at once.
 */
@Singleton
public class FleetSearch {

    private static final Logger LOG = Logger.getLogger(FleetSearch.class);
    /**
     * How long a hand-out is remembered: a slot seen again meanwhile is not handed out twice. As long as a try may
     * last ({@code SlotClaims}): a shorter memory let a slow hold (one that waited a minute for the pace, before
     * searches queued behind holds) be handed to a second job, a self-collision.
     */
    static final long SLOT_MS = 60_000;
    /** How long an inbox nobody reads is kept (its job's worker died). */
    static final long INBOX_MS = 60_000;
    /** Most of our jobs that try one freed slot, one after the other, before it is left to the next sighting. */
    static final int MOST_TRIES = 3;
    /** The site answers at most this many bundles: a slot missing from a full answer may just be cut off. */
    static final int FULL_ANSWER = 30;
    /** Hand-out order: priority, then who has waited longest, then the job id (so the order is total). */
    static final Comparator<Want> FIRST_IN_LINE = Comparator.comparingInt(Want::rank).thenComparingLong(Want::since)
            .thenComparing(Want::jobId);

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final LuaScripts lua;
    private final SearchDemand demand;
    private final SightingLog sightings;
    private final SearchMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProvtidConfig config;
    private final WatchAlerts alerts;
    /** This process's searching jobs, to wake one at once when a slot is handed to it here. */
    private final Map<String, Semaphore> local = new ConcurrentHashMap<>();
    private volatile Plan plan = new Plan(Map.of(), 0);

    /** The plan as this process last read it, and when. */
    private record Plan(Map<String, PlannedCall> calls, long readAt) {
    }

    public FleetSearch(WorkerRedis workers, RedisKeys keys, LuaScripts lua, SearchDemand demand,
            SightingLog sightings, SearchMetrics metrics, ObjectMapper json, Clock clock, ProvtidConfig config,
            WatchAlerts alerts) {
        this.alerts = alerts;
        this.redis = workers.get();
        this.keys = keys;
        this.lua = lua;
        this.demand = demand;
        this.sightings = sightings;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.config = config;
    }

    /** The job starts (or goes on) searching through the fleet: its turns are taken with the returned seeker. */
    public Seeker join(Want want) {
        Semaphore wake = local.computeIfAbsent(want.jobId(), id -> new Semaphore(0));
        return new Seeker(this, want, demand.encode(want), wake, config.worker().searchInterval().toMillis(), clock);
    }

    /** The job watches: its want stays, marked watching, renewed by nobody (the job's end removes it). */
    public void watch(Want watching) {
        local.remove(watching.jobId());
        demand.watch(watching, demand.encode(watching));
    }

    /** An occasion as stored on a job ({@link WatchAlerts}), or null when unreadable. */
    public Occasion occasion(String stored) {
        try {
            return json.readValue(stored, Occasion.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("announced slot unreadable (%s); skipped", e.getClass().getSimpleName());
            return null;
        }
    }

    /** The job no longer searches here (it ended, or holds a slot and books it). */
    void leave(String jobId) {
        local.remove(jobId);
        demand.leave(jobId);
    }

    /**
     * The planned calls this want may make: every call of its exam, so that the places of jobs whose sessions ended
     * (watching) are searched by the sessions still logged in (docs/architecture.md, "What the site sees").
     */
    List<String> callsFor(Want want) {
        List<String> out = new ArrayList<>();
        for (PlannedCall c : currentPlan().values()) {
            if (c.exam().equals(want.examKey())) {
                out.add(c.key());
            }
        }
        return out;
    }

    PlannedCall call(String key) {
        return currentPlan().get(key);
    }

    private Map<String, PlannedCall> currentPlan() {
        Plan p = plan;
        long now = clock.millis();
        if (now - p.readAt() < 1000) {
            return p.calls();
        }
        synchronized (this) {
            if (now - plan.readAt() >= 1000) {
                Map<String, PlannedCall> calls = new HashMap<>();
                RedisCalls.blocking(() -> redis.hash(String.class).hgetall(keys.searchCalls())).forEach((k, v) -> {
                    try {
                        calls.put(k, json.readValue(v, PlannedCall.class));
                    } catch (JsonProcessingException e) {
                        LOG.warnf("planned call %s unreadable (%s); skipped", k, e.getClass().getSimpleName());
                    }
                });
                plan = new Plan(Map.copyOf(calls), now);
            }
            return plan.calls();
        }
    }

    /** One turn of a job in Redis: its oldest inbox item, a call to make, or nothing. */
    Response tick(Want want, String wantJson, boolean rested, List<String> calls) {
        List<String> args = new ArrayList<>(List.of(Long.toString(clock.millis()), want.jobId(), wantJson,
                rested ? "1" : "0"));
        args.addAll(calls);
        return lua.run("search-tick", List.of(keys.searchInbox(want.jobId()), keys.searchWants(),
                keys.searchWantsSeen(), keys.searchDue(), keys.searchCalls()), args);
    }

    InboxItem read(String item) {
        try {
            return json.readValue(item, InboxItem.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("search inbox item unreadable (%s); skipped", e.getClass().getSimpleName());
            return null;
        }
    }

    /** What one planned call found, made by {@code searcherJobId}: recorded, and each slot handed to one job. */
    void looked(PlannedCall call, List<Occasion> found, String searcherJobId) {
        long now = clock.millis();
        RedisCalls.blocking(() -> {
            var hash = redis.hash(String.class);
            hash.hincrby(keys.searchCallStats(), "looks:" + call.key(), 1);
            hash.hincrby(keys.searchCallStats(), "found:" + call.key(), found.size());
            hash.hset(keys.searchCallStats(), "last:" + call.key(), Long.toString(now));
            hash.hincrby(keys.searchCounters(), "looks", 1);
            hash.hincrby(keys.searchCounters(), "slots_found", found.size());
        });
        searched(call.exam(), call.places(), now);
        metrics.looked("fleet");
        metrics.found(found.size());
        sightings.observed(call.exam(), call.places(), call.from(), found, found.size() >= FULL_ANSWER, now);
        if (!found.isEmpty()) {
            handOut(call, found, searcherJobId);
        }
    }

    /** A job-mode search: recorded as the fleet's are, handed to nobody (each job books what it finds itself). */
    public void lookedAlone(String exam, List<Long> places, LocalDate from, List<Occasion> found) {
        RedisCalls.blocking(() -> {
            redis.hash(String.class).hincrby(keys.searchCounters(), "looks", 1);
            redis.hash(String.class).hincrby(keys.searchCounters(), "slots_found", found.size());
        });
        searched(exam, places, clock.millis());
        metrics.looked("job");
        metrics.found(found.size());
        sightings.observed(exam, places, from, found, found.size() >= FULL_ANSWER, clock.millis());
    }

    /**
     * Hands each found slot to the first logged-in job in line it fits; a slot that fits none of them is announced
     * to the first watching job in line it fits ({@link WatchAlerts}), whose person may log in again for it.
     */
    /** Notes when these places were last searched for this exam: the status view tells a watching job's person. */
    private void searched(String exam, List<Long> places, long at) {
        Map<String, String> fields = new HashMap<>();
        places.forEach(p -> fields.put(exam + "|" + p, Long.toString(at)));
        RedisCalls.blocking(() -> redis.hash(String.class).hset(keys.searchPlaceLast(), fields));
    }

    private void handOut(PlannedCall call, List<Occasion> found, String searcherJobId) {
        List<Want> wants = demand.all();
        for (Occasion o : found) {
            List<Want> fitting = wants.stream().filter(w -> w.fits(call.exam(), o.locationId(), o.date()))
                    .sorted(FIRST_IN_LINE).toList();
            List<String> line = fitting.stream().filter(w -> !w.watching()).map(Want::jobId).toList();
            if (line.isEmpty()) {
                List<String> watchers = fitting.stream().map(Want::jobId).toList();
                if (!watchers.isEmpty() && alerts.announce(o, watchers) != null) {
                    metrics.announced();
                }
                continue;
            }
            List<String> args = new ArrayList<>(List.of(keys.searchInboxPrefix(), Long.toString(SLOT_MS),
                    Long.toString(INBOX_MS), write(new InboxItem(InboxItem.OFFER, call.key(), searcherJobId, o))));
            args.addAll(line);
            Response r = lua.run("search-offer", List.of(keys.searchSlot(o.examinationId()), keys.searchWants(),
                    keys.searchCounters()), args);
            if (r != null) {
                String job = r.toString();
                RedisCalls.blocking(() -> redis.hash(String.class).hincrby(keys.searchCallStats(),
                        "handed:" + call.key(), 1));
                metrics.handedOut();
                wake(job);
            }
        }
    }

    /**
     * Whether the job held the slot it was handed: if so, the jobs after it in line that still search are told it
     * went to another of ours; if not, the next one tries it at once (up to {@link #MOST_TRIES}).
     */
    void outcome(String jobId, Offer offer, boolean held) {
        Occasion o = offer.occasion();
        Occasion plain = new Occasion(o.examinationId(), o.locationId(), o.locationName(), o.date(), o.time(),
                o.cost(), null);
        Response r = lua.run("search-outcome", List.of(keys.searchSlot(o.examinationId()), keys.searchWants(),
                keys.searchCounters()), List.of(jobId, held ? "1" : "0", keys.searchInboxPrefix(),
                Long.toString(INBOX_MS), write(new InboxItem(InboxItem.NOTE, offer.callKey(), null, plain)),
                Integer.toString(MOST_TRIES)));
        if (held) {
            int told = r == null ? 0 : r.toInteger();
            for (int i = 0; i < told; i++) {
                metrics.wentToOther();
            }
            // Every job told: wake the local ones, so their streams say it now.
            local.keySet().forEach(this::wake);
        } else {
            metrics.lostRace();
            if (r != null) {
                metrics.handedOut();
                wake(r.toString());
            }
        }
    }

    private void wake(String jobId) {
        Semaphore s = local.get(jobId);
        if (s != null) {
            s.release();
        }
    }

    private String write(InboxItem item) {
        try {
            return json.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an inbox item is always writable", e);
        }
    }
}
