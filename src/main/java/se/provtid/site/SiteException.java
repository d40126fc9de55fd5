package se.provtid.site;

/**
 * The booking site could not do what was asked: it answered with an error, did not answer in time, or the browser
 * could not send the request. The message is our own text or the site's own error text, never a library's.
 */
public class SiteException extends RuntimeException {

    /** No answer in time (or interrupted while waiting to send): worth trying again. */
    public static final int NO_ANSWER = 0;
    /**
     * The browser could not make the request at all (connection refused, closed context). Not retried in place: the
     * attempt ends and the job is queued again, in a fresh browser context.
     */
    public static final int BROWSER_ERROR = -1;

    private final int status;

    /** {@code status}: the HTTP or envelope status, {@link #NO_ANSWER} or {@link #BROWSER_ERROR}. */
    public SiteException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The site refused us for sending too much (403 Forbidden after heavy polling, 429). */
    public boolean isBlocked() {
        return status == 403 || status == 429;
    }

    /** Worth trying again later: no answer in time, blocks, maintenance and server errors. */
    public boolean isTransient() {
        return status == NO_ANSWER || isBlocked() || status >= 500;
    }
}
