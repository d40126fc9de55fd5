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
}
