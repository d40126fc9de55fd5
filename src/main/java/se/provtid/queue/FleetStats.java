package se.provtid.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobStatus;
import se.provtid.job.Priority;

/** Fleet-wide counts for operators, read in one round trip with no scan of keys, on the API's reactive client. */
@Singleton
public class FleetStats {

    private final RedisKeys keys;
    private final LuaScripts lua;
    private final ProvtidConfig config;

    public FleetStats(RedisKeys keys, LuaScripts lua, ProvtidConfig config) {
        this.keys = keys;
        this.lua = lua;
        this.config = config;
    }

    /**
     * The counts. Finished jobs are counted per clock hour: {@code finishedThisHour} since the start of the current
     * hour, {@code finishedLastDay} over the current and the 23 hours before it.
     */
    public record Figures(Map<Priority, Long> queued, long running, long workersAlive, long webhookBacklog,
            long webhookDeadLetters, Map<JobStatus, Long> finishedThisHour, Map<JobStatus, Long> finishedLastDay,
            long sitePausedUntilMillis, List<Worker> workers, long watching) {

        /** Whether the fleet-wide pause of site requests is on at this moment. */
        public boolean sitePaused() {
            return sitePausedUntilMillis > System.currentTimeMillis();
        }
    }

    /** A live worker: its id, its last heartbeat, and what it told the fleet then (null from an unknown version). */
    public record Worker(String workerId, long lastBeatMillis, WorkerVitals vitals) {
    }

    /** Reads the figures; the webhook package names its own keys (backlog sorted set, dead letter index). */
    public Uni<Figures> figures(String webhookBacklog, String webhookDeadIndex) {
        long now = System.currentTimeMillis();
        long hour = now / 3_600_000L;
        List<String> k = new ArrayList<>(List.of(keys.queue(), keys.leases(), keys.workers(), webhookBacklog,
                webhookDeadIndex, keys.sitePause(), keys.workerVitals(), keys.watching()));
        for (int i = 0; i < 24; i++) {
            k.add(keys.finishedInHour(hour - i));
        }
        long cutoff = now - 3 * config.worker().leaseDuration().toMillis();
        return lua.call("stats", k, List.of(Long.toString(cutoff))).map(FleetStats::figures);
    }

    private static Figures figures(Response r) {
        Map<Priority, Long> queued = new EnumMap<>(Priority.class);
        queued.put(Priority.high, r.get(0).toLong());
        queued.put(Priority.normal, r.get(1).toLong());
        queued.put(Priority.low, r.get(2).toLong());
        List<Worker> workers = new ArrayList<>();
        Response live = r.get(10);
        for (int i = 0; i + 2 < live.size(); i += 3) {
            workers.add(new Worker(live.get(i).toString(), live.get(i + 1).toLong(),
                    WorkerVitals.decode(live.get(i + 2).toString())));
        }
        workers.sort(Comparator.comparing(Worker::workerId));
        return new Figures(queued, r.get(3).toLong(), r.get(4).toLong(), r.get(5).toLong(), r.get(6).toLong(),
                counts(r.get(7)), counts(r.get(8)), r.get(9).toLong(), List.copyOf(workers), r.get(11).toLong());
    }

    private static Map<JobStatus, Long> counts(Response flat) {
        Map<JobStatus, Long> out = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            if (s.isFinal()) {
                out.put(s, 0L);
            }
        }
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.merge(JobStatus.valueOf(flat.get(i).toString()), flat.get(i + 1).toLong(), Long::sum);
        }
        return out;
    }
}
