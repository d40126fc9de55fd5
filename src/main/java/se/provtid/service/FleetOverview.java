package se.provtid.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import se.provtid.job.JobStatus;
import se.provtid.job.JobSummary;
import se.provtid.job.Priority;
import se.provtid.queue.FleetStats;
import se.provtid.queue.JobListing;
import se.provtid.queue.WorkerVitals;
import se.provtid.webhook.WebhookKeys;

/** What operators and dashboards read: jobs listed newest first, and fleet-wide counts; non-blocking. */
@Singleton
public class FleetOverview {

    /** One page of jobs, newest first; nextCursor (opaque) is where the next page starts, null on the last. */
    public record Page(List<JobSummary> jobs, String nextCursor) {
    }

    /** Queued jobs by priority. */
    public record Queued(long high, long normal, long low, long total) {
    }

    /** Jobs that reached each final state. */
    public record Finished(long completed, long failed, long cancelled, long expired) {

        static Finished of(Map<JobStatus, Long> m) {
            return new Finished(m.get(JobStatus.completed), m.get(JobStatus.failed), m.get(JobStatus.cancelled),
                    m.get(JobStatus.expired));
        }
    }

    /** Finished jobs since the start of this clock hour, and over this and the 23 hours before. */
    public record FinishedWindows(@JsonProperty("this_hour") Finished thisHour,
            @JsonProperty("last_24_hours") Finished last24Hours) {
    }

    /** Webhook delivery: deliveries with events waiting, and dead letters kept. */
    public record Webhooks(long backlog, @JsonProperty("dead_letters") long deadLetters) {
    }

    /** The fleet-wide pause of requests to the booking site (after a 403/429 or maintenance answer). */
    public record Site(boolean paused, @JsonProperty("paused_until") String pausedUntil) {
    }

    /**
     * A live worker process: jobs it runs of its capacity, and its browsers. The figures are null for a worker of
     * a version that does not report them.
     */
    public record WorkerView(@JsonProperty("worker_id") String workerId, @JsonProperty("last_beat") String lastBeat,
            Integer jobs, Integer capacity, @JsonProperty("browser_hosts") Integer browserHosts,
            @JsonProperty("browser_contexts") Integer browserContexts,
            @JsonProperty("browser_memory_bytes") Long browserMemoryBytes) {

        static WorkerView of(FleetStats.Worker w) {
            String beat = Instant.ofEpochMilli(w.lastBeatMillis()).toString();
            WorkerVitals v = w.vitals();
            return v == null ? new WorkerView(w.workerId(), beat, null, null, null, null, null)
                    : new WorkerView(w.workerId(), beat, v.jobs(), v.capacity(), v.browserHosts(),
                            v.browserContexts(), v.browserMemoryBytes());
        }
    }

    /** Fleet-wide counts. */
    public record Stats(Queued queued, long running, long watching, @JsonProperty("workers_alive") long workersAlive,
            FinishedWindows finished, Webhooks webhooks, Site site, List<WorkerView> workers,
            SearchOverview.Search search, @JsonProperty("generated_at") String generatedAt) {
    }

    private final JobListing listing;
    private final FleetStats stats;
    private final WebhookKeys webhookKeys;
    private final SearchOverview search;

    public FleetOverview(JobListing listing, FleetStats stats, WebhookKeys webhookKeys, SearchOverview search) {
        this.listing = listing;
        this.stats = stats;
        this.webhookKeys = webhookKeys;
        this.search = search;
    }

    /** Whether the text is a cursor, as a page's nextCursor is. */
    public static boolean isCursor(String text) {
        return JobListing.Cursor.decode(text) != null;
    }

    /**
     * A page of jobs; userId and status may be null (no filter), cursor null (from the newest) or a page's
     * nextCursor; anything else is the caller's fault (see {@link #isCursor}).
     */
    public Uni<Page> jobs(String userId, JobStatus status, String cursor, int limit) {
        JobListing.Cursor after = cursor == null ? null : JobListing.Cursor.decode(cursor);
        if (cursor != null && after == null) {
            throw new IllegalArgumentException("not a cursor");
        }
        return listing.page(userId, status, after, limit)
                .map(p -> new Page(p.jobs(), p.next() == null ? null : p.next().encode()));
    }

    /** Queue, workers, finished jobs, webhook delivery counts and the fleet search, as operators read them. */
    public Uni<Stats> stats() {
        return Uni.combine().all().unis(figures(), search.search()).asTuple()
                .map(t -> stats(t.getItem1(), t.getItem2()));
    }

    /** The same counts as Redis gives them, in one round trip (for FleetGauges). */
    Uni<FleetStats.Figures> figures() {
        return stats.figures(webhookKeys.backlog(), webhookKeys.deadIndex());
    }

    private static Stats stats(FleetStats.Figures f, SearchOverview.Search search) {
        long high = f.queued().get(Priority.high);
        long normal = f.queued().get(Priority.normal);
        long low = f.queued().get(Priority.low);
        return new Stats(new Queued(high, normal, low, high + normal + low), f.running(), f.watching(),
                f.workersAlive(),
                new FinishedWindows(Finished.of(f.finishedThisHour()), Finished.of(f.finishedLastDay())),
                new Webhooks(f.webhookBacklog(), f.webhookDeadLetters()),
                new Site(f.sitePaused(), f.sitePaused() ? Instant.ofEpochMilli(f.sitePausedUntilMillis()).toString()
                        : null),
                f.workers().stream().map(WorkerView::of).toList(), search, Instant.now().toString());
    }
}
