package se.provtid.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The one event envelope shared by SSE and webhooks. */
public record JobEvent(@JsonProperty("event_type") EventType eventType, @JsonProperty("job_id") String jobId,
        @JsonProperty("user_id") String userId, String timestamp, Map<String, Object> data) {
}
