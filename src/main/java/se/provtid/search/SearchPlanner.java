package se.provtid.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ZAddArgs;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;
import se.provtid.config.ProvtidConfig.Worker.SearchMode;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisKeys;
import se.provtid.queue.RedisUnavailableException;
import se.provtid.queue.WorkerRedis;

/**
 * Turns the fleet's wants into one search plan, once a second, in one process at a time: per exam, the distinct
 * places every searching job wants, four to a call, each call looked at as often as the fleet's pace allows. So
 * the cost grows with the number of distinct places, not with the number of people (docs/architecture.md).
 */
@Startup // made with the other beans at start: made by the scheduler's first run, it raced their Redis clients
@Singleton
public class SearchPlanner {

    private static final Logger LOG = Logger.getLogger(SearchPlanner.class);
    /** The site searches one place plus at most three nearby ones per call. */
    public static final int PLACES_PER_CALL = 4;
    /**
     * The share of the fleet's pace the plan spends on searching: the rest stays free for what cannot wait (a hold,
     * a payment, a login poll), so that a found slot is reserved without queueing behind searches.
     */
    static final double SEARCH_SHARE = 0.9;
    /** Months ahead one call's places are searched at most: the site searches six months ahead at most. */
    static final int MOST_MONTHS = 6;
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final SearchDemand demand;
    private final ProvtidConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public SearchPlanner(WorkerRedis workers, RedisKeys keys, SearchDemand demand, ProvtidConfig config,
            ObjectMapper json, Clock clock) {
        this.redis = workers.get();
        this.keys = keys;
        this.demand = demand;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void planNow() {
        if (!config.role().runsWorker() || config.worker().searchMode() != SearchMode.fleet) {
            return;
        }
        try {
            planOnce();
        } catch (RedisUnavailableException e) {
            LOG.debugf("search plan skipped: Redis unavailable (%s)", e.reason());
        }
    }

    /** Plans once, unless another process planned within the last 900 ms; whether this process planned. */
    boolean planOnce() {
        long now = clock.millis();
        // One planner a second for the whole fleet; every process could plan, the lock keeps it to one.
        boolean mine = RedisCalls.blocking(() -> redis.execute("SET", keys.searchPlanLock(), "1", "NX", "PX",
                "900")) != null;
        if (mine) {
            demand.dropStale(now - SearchDemand.STALE_MS);
            write(plan(demand.all(), LocalDate.now(clock.withZone(SWEDEN)), config.site().requestsPerSecond(),
                    config.worker().searchInterval().toMillis()), now);
        }
        return mine;
    }

    /**
     * The plan for these wants: per exam, the distinct places in id order, four to a call; and since one answer of
     * the site covers one month from its start date, one call per month from the earliest date any job wanting one
     * of its places still asks for to the latest (at most {@link #MOST_MONTHS}). A call is due every {@code calls /
     * (pace * share)} seconds, but no more often than the exam's logged-in jobs, taking turns at SEARCH_INTERVAL
     * apart, can make all of the exam's calls.
     */
    static List<PlannedCall> plan(List<Want> wants, LocalDate today, double requestsPerSecond, long intervalMs) {
        Map<String, TreeSet<Long>> placesByExam = new TreeMap<>();
        for (Want w : wants) {
            if (w.firstDay(today) != null) {
                placesByExam.computeIfAbsent(w.examKey(), e -> new TreeSet<>()).addAll(w.places());
            }
        }
        record Window(String exam, List<Long> places, LocalDate from, LocalDate until, int wantedBy) {
        }
        List<Window> windows = new ArrayList<>();
        placesByExam.forEach((exam, places) -> {
            List<Long> all = List.copyOf(places);
            for (int i = 0; i < all.size(); i += PLACES_PER_CALL) {
                List<Long> chunk = all.subList(i, Math.min(all.size(), i + PLACES_PER_CALL));
                List<Want> wanting = wants.stream().filter(w -> w.firstDay(today) != null && w.examKey().equals(exam)
                        && w.places().stream().anyMatch(chunk::contains)).toList();
                LocalDate first = wanting.stream().map(w -> w.firstDay(today)).min(LocalDate::compareTo).orElseThrow();
                LocalDate last = wanting.stream().map(w -> w.lastDay()).max(LocalDate::compareTo).orElseThrow();
                LocalDate end = last.isAfter(first.plusMonths(MOST_MONTHS)) ? first.plusMonths(MOST_MONTHS) : last;
                for (LocalDate from = first; !from.isAfter(end); from = from.plusMonths(1)) {
                    LocalDate f = from;
                    LocalDate until = from.plusMonths(1);
                    int wantedBy = (int) wanting.stream().filter(w -> w.asksBetween(f, until)).count();
                    if (wantedBy > 0) {
                        windows.add(new Window(exam, chunk, from, until, wantedBy));
                    }
                }
            }
        });
        long basePeriod = (long) Math.ceil(windows.size() * 1000 / (requestsPerSecond * SEARCH_SHARE));
        // Any logged-in job of an exam may make any of its calls (a watching job's places are searched by the
        // others): together they make one call per SEARCH_INTERVAL each, shared by the exam's calls.
        Map<String, Long> searchers = new HashMap<>();
        Map<String, Long> callsOfExam = new HashMap<>();
        for (Want w : wants) {
            if (!w.watching() && w.firstDay(today) != null) {
                searchers.merge(w.examKey(), 1L, Long::sum);
            }
        }
        windows.forEach(w -> callsOfExam.merge(w.exam(), 1L, Long::sum));
        List<PlannedCall> calls = new ArrayList<>(windows.size());
        for (Window w : windows) {
            long bySessions = intervalMs * callsOfExam.get(w.exam()) / Math.max(1, searchers.getOrDefault(w.exam(), 0L));
            long period = Math.max(basePeriod, bySessions);
            calls.add(new PlannedCall(key(w.exam(), w.places(), w.from()), w.exam(), w.places(), w.from(), period,
                    w.wantedBy()));
        }
        return calls;
    }

    /** The call's key: the exam, its places and its start date (a new day makes new keys: due at once). */
    static String key(String exam, List<Long> places, LocalDate from) {
        return exam + "|" + places.stream().map(String::valueOf).collect(Collectors.joining(",")) + "|" + from;
    }

    /** Replaces the plan in Redis: new calls are due now, kept calls keep their due time, dropped calls go. */
    private void write(List<PlannedCall> calls, long now) {
        Map<String, String> fields = new HashMap<>();
        for (PlannedCall c : calls) {
            try {
                fields.put(c.key(), json.writeValueAsString(c));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a planned call is always writable", e);
            }
        }
        Set<String> old = new HashSet<>(RedisCalls.blocking(() -> redis.hash(String.class).hkeys(keys.searchCalls())));
        old.removeAll(fields.keySet());
        RedisCalls.blocking(() -> {
            if (!fields.isEmpty()) {
                redis.hash(String.class).hset(keys.searchCalls(), fields);
                Map<String, Double> due = new HashMap<>();
                fields.keySet().forEach(k -> due.put(k, (double) now));
                redis.sortedSet(String.class).zadd(keys.searchDue(), new ZAddArgs().nx(), due);
            }
            if (!old.isEmpty()) {
                String[] gone = old.toArray(String[]::new);
                redis.hash(String.class).hdel(keys.searchCalls(), gone);
                redis.sortedSet(String.class).zrem(keys.searchDue(), gone);
            }
        });
    }
}
