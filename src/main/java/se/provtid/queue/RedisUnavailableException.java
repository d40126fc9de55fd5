package se.provtid.queue;

/**
 * Redis did not do what a store asked: unreachable, connection closed, timed out, or an error reply. The one
 * failure the stores raise for their client's trouble; its text is ours, the client's message never travels with it
 * (it may name keys or arguments).
 */
public final class RedisUnavailableException extends RuntimeException {

    private final String reason;
    private final boolean passing;
    private final boolean unconfirmed;

    RedisUnavailableException(String reason) {
        this(reason, false, false);
    }

    RedisUnavailableException(String reason, boolean passing) {
        this(reason, passing, false);
    }

    private RedisUnavailableException(String reason, boolean passing, boolean unconfirmed) {
        super("Redis unavailable (" + reason + ")");
        this.reason = reason;
        this.passing = passing;
        this.unconfirmed = unconfirmed;
    }

    /** A write the primary took but fewer replicas than asked confirmed in time: a failover now could lose it. */
    static RedisUnavailableException notConfirmed(long acked, int wanted) {
        return new RedisUnavailableException("confirmed by " + acked + " of " + wanted + " replicas", false, true);
    }

    /**
     * Whether the same call may well work in a moment: no connection, or a server being failed over, promoted or
     * loaded. An error reply such as a script's own error does not pass, and neither does {@link #unconfirmed()}
     * (the write was made: running it again would make it twice).
     */
    public boolean passing() {
        return passing;
    }

    /** Whether this is {@link #notConfirmed}: the write may exist, so a retry must be one that finds it. */
    public boolean unconfirmed() {
        return unconfirmed;
    }

    /** What went wrong, safe to log: the client failure's type, or the error reply's code (READONLY, LOADING, ...). */
    public String reason() {
        return reason;
    }
}
