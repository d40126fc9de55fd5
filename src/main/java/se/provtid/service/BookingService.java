package se.provtid.service;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.provtid.api.Problem;
import se.provtid.crypto.Digests;
import se.provtid.job.Job;
import se.provtid.job.JobEvents;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.queue.JobStore;
import se.provtid.queue.TransitionResult;

/** What the API does to jobs: start, look up, cancel, confirm. */
@Singleton
public class BookingService {

    private final JobStore store;
    private final JobMetrics metrics;
    private final SecureRandom random = new SecureRandom();

    public BookingService(JobStore store, JobMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** A started (or, for a repeated Idempotency-Key, earlier) job: id, 1-based queue position, creation time. */
    public record Started(String jobId, String status, long queuePosition, Instant createdAt, boolean replayed) {
    }

    /** Queues a job, applying the queue rules; a repeated Idempotency-Key with the same request returns its job. */
    public Started start(JobRequest request, String idempotencyKey) {
        Instant now = Instant.now();
        String fingerprint = fingerprint(store.write(request));
        for (int attempt = 0; attempt < 3; attempt++) {
            String id = "job_" + HexFormat.of().formatHex(randomBytes());
            JobEvents events = new JobEvents(id, request.userId());
            JobStore.Enqueued r = store.create(id, request, now, events.status(JobStatus.queued, "Queued"),
                    idempotencyKey, fingerprint);
            switch (r.outcome()) {
                case created:
                    metrics.started();
                    return new Started(id, JobStatus.queued.name(), Long.parseLong(r.detail()) + 1, now, false);
                case duplicate:
                    Job earlier = get(r.detail());
                    return new Started(earlier.id(), earlier.status().name(), store.queuePosition(earlier.id()),
                            earlier.createdAt(), true);
                case key_reused:
                    throw Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                            "This Idempotency-Key was already used for a different request (job " + r.detail() + ").")
                            .with("field", "Idempotency-Key").with("rule", "same_request").with("job_id", r.detail())
                            .exception();
                case active:
                    throw Problem.of(409, "user-has-active-job", "User already has an active job",
                            "User '" + request.userId() + "' already has an active job " + r.detail()
                                    + "; cancel it or wait for it to finish.")
                            .with("field", "user_id").with("rule", "one_active_job").with("active_job_id", r.detail())
                            .exception();
                case full:
                    throw Problem.of(503, "queue-full", "Queue full", "The queue holds " + r.detail()
                            + " jobs, its maximum; try again later.").header("Retry-After", "30").exception();
                case exists:
                    continue; // an id collision: draw another
                default:
                    throw new IllegalStateException("unexpected enqueue outcome " + r.outcome());
            }
        }
        throw new IllegalStateException("could not draw a free job id");
    }

    private static String fingerprint(String canonicalRequest) {
        return Digests.sha256Hex(canonicalRequest);
    }

    /** The job, or a 404 problem. */
    public Job get(String id) {
        Job job = id == null || id.length() > 64 ? null : store.find(id);
        if (job == null) {
            throw Problem.of(404, "job-not-found", "Job not found", "No job with id '" + safe(id) + "'.")
                    .with("field", "job_id").with("rule", "exists").exception();
        }
        return job;
    }

    /** What a cancel call did: the job now, and whether the cancel waits for the payment in progress. */
    public record Cancelled(Job job, boolean pending) {
    }

    /**
     * Cancels the job. Without force a job that is paying is never interrupted: the request is recorded
     * and the worker cancels at the next safe point (if the payment goes through, the job completes).
     * With force the job stops at once, whatever it is doing.
     */
    public Cancelled cancel(String id, String reason, boolean force) {
        Job job = get(id);
        Set<JobStatus> from = JobStatus.sourcesOf(JobStatus.cancelled);
        if (!force) {
            from = EnumSet.copyOf(from);
            from.remove(JobStatus.booking);
        }
        JobEvents events = new JobEvents(id, job.request().userId());
        String why = reason == null || reason.isBlank() ? "Cancelled by request" : reason;
        TransitionResult r = store.transition(id, JobStatus.cancelled, from, null, Map.of(),
                List.of(events.status(JobStatus.cancelled, "Cancelled: " + why), events.cancelled(why)));
        if (r.applied()) {
            metrics.finished(JobStatus.cancelled);
            return new Cancelled(store.find(id), false);
        }
        if (JobStatus.booking.name().equals(r.detail())) {
            TransitionResult marked = store.transition(id, null, EnumSet.of(JobStatus.booking), null,
                    Map.of("cancel_requested", why), List.of());
            if (marked.applied()) {
                return new Cancelled(store.find(id), true);
            }
        }
        Job now = store.find(id);
        String status = now == null ? r.detail() : now.status().name();
        throw Problem.of(409, "job-final", "Job already finished",
                "The job is already " + status + " and cannot be cancelled.").with("job_status", status).exception();
    }

    /** Tells a job that holds a slot to book it. */
    public Job confirm(String id) {
        Job job = get(id);
        TransitionResult r = store.transition(id, null, EnumSet.of(JobStatus.awaiting_confirmation), null,
                Map.of("confirm", "1"), List.of());
        if (!r.applied()) {
            throw Problem.of(409, "job-not-awaiting-confirmation", "Nothing to confirm",
                    "The job is " + job.status() + "; only a job in awaiting_confirmation can be confirmed.")
                    .with("job_status", r.detail()).exception();
        }
        return store.find(id);
    }

    private byte[] randomBytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    private static String safe(String id) {
        if (id == null) {
            return "";
        }
        String s = id.replaceAll("[^A-Za-z0-9_\\-]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
