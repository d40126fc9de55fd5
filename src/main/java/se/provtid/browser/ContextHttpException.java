package se.provtid.browser;

/** A context's HTTP request that got no answer (timed out) or could not be sent at all; the text is our own. */
public final class ContextHttpException extends RuntimeException {

    private final boolean timedOut;

    ContextHttpException(boolean timedOut, String message) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    /** No answer in time (worth trying again), rather than no connection at all. */
    public boolean timedOut() {
        return timedOut;
    }
}
