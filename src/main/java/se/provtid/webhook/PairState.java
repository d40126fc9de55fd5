package se.provtid.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where one endpoint stands in one job's stream: the last stream id handled (delivered, dropped or dead-lettered),
 * the event being tried and its failed attempts, and whether the endpoint is done with the job.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairState(@JsonProperty("cursor") String cursor, @JsonProperty("head") String head,
        @JsonProperty("attempts") int attempts, @JsonProperty("next_at") long nextAt,
        @JsonProperty("first_attempt_at") long firstAttemptAt, @JsonProperty("last_status") int lastStatus,
        @JsonProperty("last_error") String lastError, @JsonProperty("done") boolean done,
        @JsonProperty("gone") boolean gone) {

    /** Nothing handled yet. */
    public static PairState fresh() {
        return new PairState("0", null, 0, 0, 0, 0, null, false, false);
    }

    /** Waiting for a retry that is not due yet. */
    public boolean waiting(long nowMs) {
        return attempts > 0 && nextAt > nowMs;
    }

    /** Moves past an event (delivered, dropped or dead-lettered); the next event starts with no attempts. */
    public PairState past(String eventId, boolean finalEvent) {
        return new PairState(eventId, null, 0, 0, 0, 0, null, finalEvent, false);
    }

    /** Starts trying {@code eventId} when it is not already the event being tried. */
    public PairState on(String eventId) {
        return eventId.equals(head) ? this : new PairState(cursor, eventId, 0, 0, 0, 0, null, false, false);
    }

    /** One more failed attempt; the next one is due at {@code nextAtMs}. */
    public PairState failed(long nowMs, long nextAtMs, int status, String error) {
        return new PairState(cursor, head, attempts + 1, nextAtMs, firstAttemptAt == 0 ? nowMs : firstAttemptAt,
                status, error, false, false);
    }

    /** The receiver answered 410: nothing more goes to it for this job. */
    public PairState goneNow() {
        return new PairState(cursor, null, 0, 0, 0, 410, "410 Gone", true, true);
    }
}
