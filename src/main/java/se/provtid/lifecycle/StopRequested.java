package se.provtid.lifecycle;

/**
 * Fired the moment a stop is asked for (SIGTERM), before Quarkus begins to close the HTTP server, Redis and the
 * browsers: what runs can tell a failure caused by the stop from one of its own.
 */
public record StopRequested() {
}
