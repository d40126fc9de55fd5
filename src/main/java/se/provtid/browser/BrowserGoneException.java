package se.provtid.browser;

/** The browser (or its host) went away under a job; the job may carry on in another one. */
public class BrowserGoneException extends RuntimeException {

    public BrowserGoneException(String message) {
        super(message);
    }

    public BrowserGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
