package se.provtid.worker;

import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import se.provtid.job.EventType;
import se.provtid.job.Job;
import se.provtid.job.JobError;
import se.provtid.job.JobEvent;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.queue.TransitionResult;
import se.provtid.service.JobMetrics;

/** A worker's voice for one job: every state change and event goes through the state table and the job's stream. */
final class JobReporter {

    private final JobStore store;
    private final String jobId;
    private final String workerId;
    private final JobEvents events;
    private volatile JobStatus current;
    private boolean firstQrSent;

    private final JobMetrics metrics;
    // Since when the job is in its current phase: a claimed job is still queued, since it was (re)queued.
    private Instant phaseSince;
    // Start → first QR frame is a promise to the person who just pressed start: only a first attempt measures it.
    private final Instant firstQrFrom;

    JobReporter(JobStore store, Job job, String workerId, JobMetrics metrics) {
        this.metrics = metrics;
        this.phaseSince = job.updatedAt() != null ? job.updatedAt() : Instant.now();
        this.firstQrFrom = job.attempts() <= 1 ? job.createdAt() : null;
        this.store = store;
        this.jobId = job.id();
        this.workerId = workerId;
        this.events = new JobEvents(job.id(), job.request().userId());
        this.current = job.status();
    }

    /** Tells watchers what is going on without a change of state (a status_update with the same status). */
    void note(Notice notice) {
        emit(events.status(current, notice));
    }

    /** Stores fields on the job while it runs here. */
    void save(JobUpdate update) {
        TransitionResult r = store.transition(jobId, null, activeStates(), workerId, update, List.of());
        if (!r.applied()) {
            throw new JobAbortedException("save refused: " + r.detail());
        }
    }

    JobEvents events() {
        return events;
    }

    /** Moves the job; stops the run when the move is refused (cancelled, or another worker owns it). */
    void move(JobStatus next, Notice notice) {
        move(next, notice, JobUpdate.of(), List.of());
    }

    void move(JobStatus next, Notice notice, JobUpdate update, List<JobEvent> extra) {
        if (!next.isFinal() && next != JobStatus.booking) {
            cancelIfRequested();
        }
        List<JobEvent> all = new ArrayList<>();
        all.add(events.status(next, notice));
        all.addAll(extra);
        TransitionResult r = store.transition(jobId, next, JobStatus.sourcesOf(next), workerId, update, all);
        if (!r.applied()) {
            throw new JobAbortedException("move to " + next + " refused: " + r.detail());
        }
        Instant now = Instant.now();
        Span.current().addEvent(next.name()); // on the attempt's span (a no-op with tracing off)
        metrics.phase(current, Duration.between(phaseSince, now));
        phaseSince = now;
        current = next;
        if (next.isFinal()) {
            metrics.finished(next);
        }
    }

    /** Appends events without a state change, while the job is still running on this worker. */
    void emit(JobEvent... extra) {
        TransitionResult r = store.transition(jobId, null, activeStates(), workerId, JobUpdate.of(), List.of(extra));
        if (!r.applied()) {
            throw new JobAbortedException("event refused: " + r.detail());
        }
        for (JobEvent e : extra) {
            if (e.eventType() == EventType.qr_code_update) {
                qrFrameSent(e);
            }
        }
    }

    /** Meters a QR frame now in the stream: how late after its code became current, and the job's first one. */
    private void qrFrameSent(JobEvent e) {
        Instant now = Instant.now();
        if (e.data().get("valid_until") instanceof String until) {
            // A code is current for the one second before valid_until.
            metrics.qrFrameLateness(Duration.between(Instant.parse(until).minusSeconds(1), now));
        }
        if (!firstQrSent && firstQrFrom != null) {
            metrics.firstQrFrame(Duration.between(firstQrFrom, now));
        }
        firstQrSent = true;
    }

    /** A cancel asked for while paying takes effect here, at the first safe point after the payment step. */
    private void cancelIfRequested() {
        String why = store.cancelRequest(jobId);
        if (why == null) {
            return;
        }
        TransitionResult r = store.transition(jobId, JobStatus.cancelled, JobStatus.sourcesOf(JobStatus.cancelled),
                workerId, JobUpdate.of(), List.of(events.status(JobStatus.cancelled, Notice.cancelled(why)),
                        events.cancelled(why)));
        if (r.applied()) {
            metrics.finished(JobStatus.cancelled);
        }
        throw new JobAbortedException(r.applied() ? "cancelled at a safe point" : "cancel refused: " + r.detail());
    }

    void fail(JobError error) {
        move(JobStatus.failed, Notice.failed(error), JobUpdate.of().error(error), List.of(events.failed(error)));
    }

    /** Ends the job as expired: {@code why} is {@link Notice#qrTimeout} or {@link Notice#datesPassed}. */
    void expire(Notice why) {
        move(JobStatus.expired, why, JobUpdate.of(), List.of(events.expired(why)));
    }

    /**
     * The job watches until {@code ends}: its person is asked to log in again. {@code timedOut} is the status
     * notice when a new login's QR code was not scanned in time; null when the site ended the session.
     */
    void watch(Notice timedOut, Instant ends) {
        Notice ask = Notice.loginRequired(ends.toString());
        move(JobStatus.watching, timedOut == null ? ask : timedOut, JobUpdate.of().watchEnds(ends)
                .clearOfferedSlot().clearSiteSession(), List.of(events.loginRequired(ask)));
    }

    /** Hands the job back to the queue so that another attempt (here or on another worker) runs it. */
    void requeue(Notice notice) {
        move(JobStatus.queued, notice);
    }

    private static Set<JobStatus> activeStates() {
        Set<JobStatus> s = EnumSet.noneOf(JobStatus.class);
        for (JobStatus st : JobStatus.values()) {
            if (st.isActive()) {
                s.add(st);
            }
        }
        return s;
    }
}
