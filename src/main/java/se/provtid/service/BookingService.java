package se.provtid.service;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import se.provtid.crypto.Digests;
import se.provtid.job.Job;
import se.provtid.job.JobEvents;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.job.JobSummary;
import se.provtid.job.Notice;
import se.provtid.queue.JobUpdate;
import se.provtid.queue.ReactiveJobStore;
import se.provtid.tracing.JobTracing;

/** What the API does to jobs: start, look up, cancel, confirm; without blocking, failing with {@link BookingException}s. */
@Singleton
public class BookingService {

    private static final int ID_ATTEMPTS = 3;
    private static final Set<JobStatus> CANCELLABLE = JobStatus.sourcesOf(JobStatus.cancelled);
    private static final Set<JobStatus> CANCELLABLE_UNLESS_PAYING = without(CANCELLABLE, JobStatus.booking);

    private final ReactiveJobStore store;
    private final JobMetrics metrics;
    private final SecureRandom random = new SecureRandom();

    public BookingService(ReactiveJobStore store, JobMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** A started (or, for a repeated Idempotency-Key, earlier) job: id, 1-based queue position, creation time. */
    public record Started(String jobId, JobStatus status, long queuePosition, Instant createdAt, boolean replayed) {
    }

    /** Queues a job, applying the queue rules; a repeated Idempotency-Key with the same request returns its job. */
    public Uni<Started> start(JobRequest request, String idempotencyKey) {
        String canonical = store.canonical(request);
        return start(request, canonical, Digests.sha256Hex(canonical), idempotencyKey, Instant.now(), 0);
    }

    private Uni<Started> start(JobRequest request, String canonical, String fingerprint, String idempotencyKey,
            Instant now, int attempt) {
        String id = "job_" + HexFormat.of().formatHex(randomBytes());
        JobEvents events = new JobEvents(id, request.userId());
        return store.create(id, request, canonical, now, events.status(JobStatus.queued, Notice.queued()), idempotencyKey,
                fingerprint, JobTracing.currentTraceParent()).flatMap(r -> switch (r.outcome()) {
                    case created -> {
                        metrics.started();
                        yield Uni.createFrom().item(new Started(id, JobStatus.queued, Long.parseLong(r.detail()) + 1,
                                now, false));
                    }
                    case duplicate -> get(r.detail()).flatMap(earlier -> store.queuePosition(earlier.id())
                            .map(p -> new Started(earlier.id(), earlier.status(), p, earlier.createdAt(), true)));
                    case key_reused -> Uni.createFrom().failure(new BookingException.IdempotencyKeyReused(r.detail()));
                    case rate_limited -> {
                        metrics.rateLimited(JobMetrics.RateLimitScope.user);
                        yield Uni.createFrom().failure(
                                new BookingException.StartRateLimited(Long.parseLong(r.detail())));
                    }
                    case active -> Uni.createFrom().failure(
                            new BookingException.UserHasActiveJob(request.userId(), r.detail()));
                    case full -> Uni.createFrom().failure(new BookingException.QueueFull(Long.parseLong(r.detail())));
                    case exists -> attempt + 1 < ID_ATTEMPTS // an id collision: draw another
                            ? start(request, canonical, fingerprint, idempotencyKey, now, attempt + 1)
                            : Uni.createFrom().failure(new IllegalStateException("could not draw a free job id"));
                });
    }

    /** The job; fails with {@link BookingException.JobNotFound}. */
    public Uni<Job> get(String id) {
        if (id == null || id.length() > 64) {
            return Uni.createFrom().failure(new BookingException.JobNotFound(id));
        }
        return store.find(id).onItem().ifNull().failWith(() -> new BookingException.JobNotFound(id));
    }

    /** What the job's status shows and, while it waits, its place in the queue; fails with JobNotFound. */
    public Uni<JobSummary> summary(String id) {
        if (id == null || id.length() > 64) {
            return Uni.createFrom().failure(new BookingException.JobNotFound(id));
        }
        // A map that throws rather than ifNull().failWith: that one subscribes to a Uni of its own per call.
        return store.summary(id).map(s -> {
            if (s == null) {
                throw new BookingException.JobNotFound(id);
            }
            return s;
        });
    }

    /** What a cancel call did: the job now, and whether the cancel waits for the payment in progress. */
    public record Cancelled(Job job, boolean pending) {
    }

    /**
     * Cancels the job. Without force a job that is paying is never interrupted: the request is recorded
     * and the worker cancels at the next safe point (if the payment goes through, the job completes).
     * With force the job stops at once, whatever it is doing.
     */
    public Uni<Cancelled> cancel(String id, String reason, boolean force) {
        String why = reason == null || reason.isBlank() ? "Cancelled by request" : reason;
        return get(id).flatMap(job -> {
            JobEvents events = new JobEvents(id, job.request().userId());
            return store.transition(id, JobStatus.cancelled, force ? CANCELLABLE : CANCELLABLE_UNLESS_PAYING, null,
                    JobUpdate.of(), List.of(events.status(JobStatus.cancelled, Notice.cancelled(why)),
                            events.cancelled(why)));
        }).flatMap(r -> {
            if (r.applied()) {
                metrics.finished(JobStatus.cancelled);
                return get(id).map(job -> new Cancelled(job, false));
            }
            if (!JobStatus.booking.name().equals(r.detail())) {
                return refuseCancel(id, r.detail());
            }
            return store.transition(id, null, EnumSet.of(JobStatus.booking), null,
                    JobUpdate.of().cancelRequested(why), List.of()).flatMap(marked -> marked.applied()
                            ? get(id).map(job -> new Cancelled(job, true))
                            : refuseCancel(id, marked.detail()));
        });
    }

    private Uni<Cancelled> refuseCancel(String id, String storeDetail) {
        return store.find(id).flatMap(now -> Uni.createFrom().failure(
                new BookingException.JobFinal(now == null ? storeDetail : now.status().name())));
    }

    /** Tells a job that holds a slot to book it. */
    public Uni<Job> confirm(String id) {
        return get(id).flatMap(job -> store.transition(id, null, EnumSet.of(JobStatus.awaiting_confirmation), null,
                JobUpdate.of().confirmRequested(), List.of()).flatMap(r -> r.applied() ? get(id)
                        : Uni.createFrom().failure(new BookingException.NotAwaitingConfirmation(job.status(),
                                r.detail()))));
    }

    /** Asks a watching job to log in again: it goes to the queue, and a worker shows its person a new QR code. */
    public Uni<Job> resume(String id) {
        return get(id).flatMap(job -> {
            JobEvents events = new JobEvents(id, job.request().userId());
            return store.transition(id, JobStatus.queued, JobStatus.watchings(), null, JobUpdate.of(),
                    List.of(events.status(JobStatus.queued, Notice.resumed())));
        }).flatMap(r -> r.applied() ? get(id) : Uni.createFrom().failure(new BookingException.NotWatching(
                r.detail())));
    }

    private byte[] randomBytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    private static Set<JobStatus> without(Set<JobStatus> from, JobStatus s) {
        Set<JobStatus> copy = EnumSet.copyOf(from);
        copy.remove(s);
        return copy;
    }
}
