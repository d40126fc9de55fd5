package se.provtid.job;

import java.time.Instant;

/**
 * What the status of a job shows, read without its request; {@code queuePosition} is 1-based, null unless queued;
 * {@code autostartToken} is the open BankID order's (status view only, never the job listing), else null; so are
 * {@code watchEnds} (when the job's watch ends, once it has watched) and {@code offeredSlot} (the slot announced to
 * it while it watched, until it has tried it).
 */
public record JobSummary(String id, String userId, JobStatus status, String message, Instant createdAt,
        Instant updatedAt, int attempts, BookingResult result, JobError error, Slot heldSlot, boolean cancelRequested,
        Long queuePosition, String autostartToken, Instant watchEnds, Slot offeredSlot) {

    /** The summary of a whole job. */
    public static JobSummary of(Job job, Long queuePosition) {
        return new JobSummary(job.id(), job.request().userId(), job.status(), job.message(), job.createdAt(),
                job.updatedAt(), job.attempts(), job.result(), job.error(), job.heldSlot(), job.cancelRequested(),
                queuePosition, null, null, null);
    }
}
