package se.provtid.webhook;

/** A webhook URL this server will not call (not https, or a private, loopback or link-local address). */
public class RefusedEndpointException extends Exception {

    public RefusedEndpointException(String message) {
        super(message);
    }
}
