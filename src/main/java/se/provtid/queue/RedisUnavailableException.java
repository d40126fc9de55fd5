package se.provtid.queue;

/**
 * Redis did not do what a store asked: unreachable, connection closed, timed out, or an error reply. The one
 * failure the stores raise for their client's trouble; its text is ours, the client's message never travels with it
 * (it may name keys or arguments).
 */
public final class RedisUnavailableException extends RuntimeException {

    private final String reason;

    RedisUnavailableException(String reason) {
        super("Redis unavailable (" + reason + ")");
        this.reason = reason;
    }

    /** What went wrong, safe to log: the client failure's type, or the error reply's code (READONLY, LOADING, ...). */
    public String reason() {
        return reason;
    }
}
