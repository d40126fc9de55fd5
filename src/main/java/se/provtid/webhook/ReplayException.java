package se.provtid.webhook;

/** Why a dead letter cannot be replayed now; the API turns each kind into its problem document. */
public abstract sealed class ReplayException extends RuntimeException {

    private final String id;

    private ReplayException(String message, String id) {
        // No stack trace: these are answers to callers, not faults.
        super(message, null, false, false);
        this.id = id;
    }

    /** The id the caller asked for, as given (not safe to echo unfiltered). */
    public String id() {
        return id;
    }

    /** No dead letter with this id (or it expired, or the id is not one). */
    public static final class NotFound extends ReplayException {
        public NotFound(String id) {
            super("dead letter not found", id);
        }
    }

    /** A replay of this dead letter is running right now. */
    public static final class InProgress extends ReplayException {
        public InProgress(String id) {
            super("replay in progress", id);
        }
    }
}
