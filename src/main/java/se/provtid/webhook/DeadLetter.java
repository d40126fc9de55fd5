package se.provtid.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An event that used every attempt on one endpoint (or whose endpoint was refused), kept with its body so that it
 * can be replayed even after the job's stream is gone.
 */
public record DeadLetter(@JsonProperty("id") String id, @JsonProperty("job_id") String jobId,
        @JsonProperty("event_id") String eventId, @JsonProperty("event_type") String eventType,
        @JsonProperty("webhook_id") String webhookId, @JsonProperty("endpoint") Endpoint endpoint,
        @JsonProperty("attempts") int attempts, @JsonProperty("last_status") int lastStatus,
        @JsonProperty("last_error") String lastError, @JsonProperty("first_attempt_at") long firstAttemptAt,
        @JsonProperty("dead_at") long deadAt, @JsonProperty("body") String body) {

    /** The same event and endpoint always give the same id, so a repeated dead-lettering overwrites, never doubles. */
    static String idOf(String webhookId, String endpointId) {
        return "dl_" + Endpoint.idOf(webhookId + "|" + endpointId).substring(3);
    }

    /** After a failed replay. */
    DeadLetter retried(AttemptResult r) {
        return new DeadLetter(id, jobId, eventId, eventType, webhookId, endpoint, attempts + 1, r.status(), r.error(),
                firstAttemptAt, deadAt, body);
    }
}
