package se.provtid.job;

import java.time.Instant;

/** A job as stored in Redis. */
public record Job(String id, JobRequest request, JobStatus status, String message, Instant createdAt,
        Instant updatedAt, int attempts, String owner, BookingResult result, JobError error, boolean confirmRequested,
        Slot heldSlot, boolean cancelRequested) {
}
