package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to a start call: the job, where it is in the queue, and where to follow it. */
public record StartResponse(@JsonProperty("job_id") String jobId, String status,
        @JsonProperty("queue_position") long queuePosition, @JsonProperty("created_at") String createdAt,
        @JsonProperty("status_url") String statusUrl, @JsonProperty("stream_url") String streamUrl,
        @JsonProperty("stream_url_expires_at") String streamUrlExpiresAt) {
}
