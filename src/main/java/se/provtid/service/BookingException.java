package se.provtid.service;

import se.provtid.job.JobStatus;

/** Why the booking service said no; the API turns each kind into its problem document. */
public abstract sealed class BookingException extends RuntimeException {

    private BookingException(String message) {
        // No stack trace: these are answers to callers, not faults, and the hot path makes them often.
        super(message, null, false, false);
    }

    /** No job with this id (or it expired from Redis). */
    public static final class JobNotFound extends BookingException {
        private final String jobId;

        public JobNotFound(String jobId) {
            super("job not found");
            this.jobId = jobId;
        }

        public String jobId() {
            return jobId;
        }
    }

    /** The user already has a job that is not final. */
    public static final class UserHasActiveJob extends BookingException {
        private final String userId;
        private final String activeJobId;

        public UserHasActiveJob(String userId, String activeJobId) {
            super("user has an active job");
            this.userId = userId;
            this.activeJobId = activeJobId;
        }

        public String userId() {
            return userId;
        }

        public String activeJobId() {
            return activeJobId;
        }
    }

    /** The user started as many jobs as the per-user limit allows in this window. */
    public static final class StartRateLimited extends BookingException {
        private final long retryAfterMillis;

        public StartRateLimited(long retryAfterMillis) {
            super("start rate limited");
            this.retryAfterMillis = retryAfterMillis;
        }

        /** How long until the user's window resets. */
        public long retryAfterMillis() {
            return retryAfterMillis;
        }
    }

    /** The queue holds its maximum. */
    public static final class QueueFull extends BookingException {
        private final long queued;

        public QueueFull(long queued) {
            super("queue full");
            this.queued = queued;
        }

        public long queued() {
            return queued;
        }
    }

    /** The Idempotency-Key was used before for a different request. */
    public static final class IdempotencyKeyReused extends BookingException {
        private final String jobId;

        public IdempotencyKeyReused(String jobId) {
            super("idempotency key reused");
            this.jobId = jobId;
        }

        public String jobId() {
            return jobId;
        }
    }

    /** The job is final and cannot be cancelled. */
    public static final class JobFinal extends BookingException {
        private final String status;

        public JobFinal(String status) {
            super("job is final");
            this.status = status;
        }

        public String status() {
            return status;
        }
    }

    /** Only a job in awaiting_confirmation can be confirmed. */
    public static final class NotAwaitingConfirmation extends BookingException {
        private final JobStatus status;
        private final String detail;

        public NotAwaitingConfirmation(JobStatus status, String detail) {
            super("job is not awaiting confirmation");
            this.status = status;
            this.detail = detail;
        }

        /** The job's state when the caller asked. */
        public JobStatus status() {
            return status;
        }

        /** The state the store reported when it refused. */
        public String detail() {
            return detail;
        }
    }

    /** Only a watching job can be resumed (asked to log in again). */
    public static final class NotWatching extends BookingException {
        private final String status;

        public NotWatching(String status) {
            super("job is not watching");
            this.status = status;
        }

        /** The job's state when the store refused. */
        public String status() {
            return status;
        }
    }
}
