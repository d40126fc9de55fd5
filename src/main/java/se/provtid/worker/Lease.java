package se.provtid.worker;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import se.provtid.queue.JobStore;

/** A running job's link to its lease: stops the job when the lease is lost or the job ended elsewhere. */
final class Lease {

    private final String jobId;
    private final String workerId;
    private final JobStore store;
    private final BooleanSupplier workerRunning;
    private volatile boolean lost;
    private volatile Thread thread;

    /** {@code workerRunning} turns false when this worker stops: its jobs stop at their next check. */
    Lease(String jobId, String workerId, JobStore store, BooleanSupplier workerRunning) {
        this.jobId = jobId;
        this.workerId = workerId;
        this.store = store;
        this.workerRunning = workerRunning;
    }

    /** The job's thread: interrupted when the lease is lost, so the job stops even in the middle of a sleep. */
    void runsOn(Thread jobThread) {
        this.thread = jobThread;
    }

    /** Throws when the job must stop here: lease lost, or cancelled/finished by someone else. */
    void check() {
        if (lost || !workerRunning.getAsBoolean()) {
            throw new JobAbortedException(lost ? "lease lost" : "worker stopping");
        }
        JobStore.Holding h = store.holding(jobId);
        if (h == null || !workerId.equals(h.owner())) {
            throw new JobAbortedException("job is " + (h == null ? "gone" : h.status() + " and owned by another worker"));
        }
        if (h.status().isFinal()) {
            throw new JobAbortedException("job is " + h.status());
        }
    }

    /** Sleeps, waking early when the lease is lost. */
    void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobAbortedException("interrupted");
        }
        if (lost || !workerRunning.getAsBoolean()) {
            throw new JobAbortedException("lease lost");
        }
    }

    /** Waits until {@code wake} is released or {@code d} has passed, waking early when the lease is lost. */
    void await(Semaphore wake, Duration d) {
        try {
            if (wake.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS)) {
                wake.drainPermits(); // several hand-outs at once need one look
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobAbortedException("interrupted");
        }
        if (lost || !workerRunning.getAsBoolean()) {
            throw new JobAbortedException("lease lost");
        }
    }

    /**
     * Whether the job is to stop here whatever happens next: its lease is lost or the worker stops. A failure from
     * then on (Redis closing, the browser going) is no failure of the attempt: the job is someone else's to hand on.
     */
    boolean stopped() {
        return lost || !workerRunning.getAsBoolean();
    }

    /** The lease is gone (taken over, or handed back on shutdown): stop the job now. */
    void lose() {
        lost = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
