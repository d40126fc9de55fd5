package se.provtid.webhook;

/** What one delivery attempt came to: its kind, HTTP status (0 when none arrived), Retry-After, error and latency. */
public record AttemptResult(Kind kind, int status, String retryAfter, String error, long nanos) {

    /** Kinds of outcome; only {@link #FAILED} is worth another attempt. */
    public enum Kind {
        /** A 2xx in time. */
        DELIVERED,
        /** 410 Gone: the receiver wants nothing more from this job. */
        GONE,
        /** Anything else the receiver or the network did; retried on the schedule. */
        FAILED,
        /** This server refuses the URL (scheme or address rules); retrying cannot help. */
        REFUSED
    }

    static AttemptResult of(int status, String retryAfter, long nanos) {
        if (status >= 200 && status < 300) {
            return new AttemptResult(Kind.DELIVERED, status, null, null, nanos);
        }
        if (status == 410) {
            return new AttemptResult(Kind.GONE, status, null, "410 Gone", nanos);
        }
        String error = status >= 300 && status < 400 ? "redirect (" + status + ") not followed; update the webhook URL"
                : "HTTP " + status;
        return new AttemptResult(Kind.FAILED, status, retryAfter, error, nanos);
    }

    static AttemptResult failed(String error, long nanos) {
        return new AttemptResult(Kind.FAILED, 0, null, error, nanos);
    }

    static AttemptResult refused(String error) {
        return new AttemptResult(Kind.REFUSED, 0, null, "refused: " + error, 0);
    }
}
