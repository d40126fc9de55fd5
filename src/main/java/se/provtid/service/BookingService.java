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
    private final SecureRandom random = new SecureRandom();

    public BookingService(JobStore store) {
        this.store = store;
    }

    /** A started job: its id, 1-based queue position and creation time. */
    public record Started(String jobId, long queuePosition, Instant createdAt) {
    }

    public Started start(JobRequest request) {
        Instant now = Instant.now();
        String id = "job_" + HexFormat.of().formatHex(randomBytes());
        JobEvents events = new JobEvents(id, request.userId());
        long rank = store.create(id, request, now, events.status(JobStatus.queued, "Queued"));
        if (rank < 0) {
            throw new IllegalStateException("job id collision");
        }
        return new Started(id, rank + 1, now);
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

    /** Cancels the job at once; a job in the middle of paying is only stopped with force. */
    public Job cancel(String id, String reason, boolean force) {
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
        if (!r.applied()) {
            if ("booking".equals(r.detail())) {
                throw Problem.of(409, "job-booking", "Job is paying",
                        "The job is paying for a booking right now; retry in a moment or send force: true.")
                        .with("job_status", r.detail()).exception();
            }
            throw Problem.of(409, "job-final", "Job already finished",
                    "The job is already " + r.detail() + " and cannot be cancelled.").with("job_status", r.detail())
                    .exception();
        }
        return store.find(id);
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
