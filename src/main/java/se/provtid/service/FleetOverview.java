package se.provtid.service;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import se.provtid.job.JobStatus;
import se.provtid.queue.FleetStats;
import se.provtid.queue.JobListing;
import se.provtid.webhook.WebhookKeys;

/** What operators and dashboards read: jobs listed newest first, and fleet-wide counts; non-blocking. */
@Singleton
public class FleetOverview {

    private final JobListing listing;
    private final FleetStats stats;
    private final WebhookKeys webhookKeys;

    public FleetOverview(JobListing listing, FleetStats stats, WebhookKeys webhookKeys) {
        this.listing = listing;
        this.stats = stats;
        this.webhookKeys = webhookKeys;
    }

    /** A page of jobs; userId and status may be null (no filter), after null (from the newest). */
    public Uni<JobListing.Page> jobs(String userId, JobStatus status, JobListing.Cursor after, int limit) {
        return listing.page(userId, status, after, limit);
    }

    /** Queue, workers, finished jobs and webhook delivery counts in one Redis round trip. */
    public Uni<FleetStats.Figures> stats() {
        return stats.figures(webhookKeys.backlog(), webhookKeys.deadIndex());
    }
}
