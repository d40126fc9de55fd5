package se.provtid.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import se.provtid.job.EventType;
import se.provtid.job.JobRequest;
import se.provtid.queue.JobStore;

/** Which endpoints get a job's events: its own webhook_url and, when configured, the Supabase endpoint. */
@Singleton
public class EndpointResolver {

    private final JobStore jobs;
    private final ObjectMapper json;
    private final WebhookConfig config;

    public EndpointResolver(JobStore jobs, ObjectMapper json, WebhookConfig config) {
        this.jobs = jobs;
        this.json = json;
        this.config = config;
    }

    /** The job's endpoints (possibly none), or null when the job is unknown. */
    public List<Endpoint> endpoints(String jobId) {
        String request = jobs.requestJson(jobId);
        if (request == null) {
            return null;
        }
        String own = null;
        Set<EventType> ownEvents = JobRequest.DEFAULT_WEBHOOK_EVENTS;
        try {
            // Read just these fields, so this does not depend on the rest of the request's shape.
            JsonNode r = json.readTree(request);
            JsonNode url = r.path("webhookUrl");
            own = url.isTextual() && !url.asText().isBlank() ? url.asText() : null;
            if (r.path("webhookEvents").isArray()) {
                ownEvents = EnumSet.noneOf(EventType.class);
                for (JsonNode t : r.path("webhookEvents")) {
                    ownEvents.add(EventType.valueOf(t.asText()));
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // A job whose request cannot be read has no webhook_url to honour.
            own = null;
        }
        String supabase = config.supabaseUrl().filter(s -> !s.isBlank()).orElse(null);
        List<Endpoint> out = new ArrayList<>();
        if (own != null && !own.equals(supabase)) {
            out.add(Endpoint.of(own, false, ownEvents));
        }
        if (supabase != null) {
            out.add(config.supabaseQr() ? Endpoint.of(supabase, true)
                    : Endpoint.of(supabase, true, JobRequest.DEFAULT_WEBHOOK_EVENTS));
        }
        return out;
    }
}
