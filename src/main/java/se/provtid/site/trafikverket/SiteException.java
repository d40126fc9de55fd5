package se.provtid.site.trafikverket;

/** The booking site answered with an error; {@code permanent} ones will not go away by retrying. */
public class SiteException extends RuntimeException {

    private final int status;

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

    /** Worth trying again later: timeouts (status 0), blocks, maintenance and server errors. */
    public boolean isTransient() {
        return status == 0 || isBlocked() || status >= 500;
    }
}
