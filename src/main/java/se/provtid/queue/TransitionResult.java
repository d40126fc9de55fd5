package se.provtid.queue;

/** What a state change in Redis did: applied or not, and the current status or last event id. */
public record TransitionResult(boolean applied, String detail) {
}
