package se.provtid.site;

/** The site no longer sees the person as logged in: a new BankID login is needed. */
public class SessionExpiredException extends RuntimeException {

    public SessionExpiredException(String message) {
        super(message);
    }
}
