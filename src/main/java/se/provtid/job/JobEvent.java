package se.provtid.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The one event envelope shared by SSE and webhooks. */
public record JobEvent(@JsonProperty("event_type") EventType eventType, @JsonProperty("job_id") String jobId,
        @JsonProperty("user_id") String userId, String timestamp, Map<String, Object> data) {

    /**
     * The timestamp of an event not yet appended: the store's script replaces it with the time of the append, so
     * events of a job are stamped in stream order, whichever process wrote them.
     */
    public static final String STAMPED_ON_APPEND = "@@ts@@";

}
