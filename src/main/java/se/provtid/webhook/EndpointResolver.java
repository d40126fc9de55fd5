package se.provtid.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
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
        try {
            // Read just the one field, so this does not depend on the rest of the request's shape.
            JsonNode url = json.readTree(request).path("webhookUrl");
            own = url.isTextual() && !url.asText().isBlank() ? url.asText() : null;
        } catch (JsonProcessingException e) {
            // A job whose request cannot be read has no webhook_url to honour.
        }
        String supabase = config.supabaseUrl().filter(s -> !s.isBlank()).orElse(null);
        List<Endpoint> out = new ArrayList<>();
        if (own != null && !own.equals(supabase)) {
            out.add(Endpoint.of(own, false));
        }
        if (supabase != null) {
            out.add(Endpoint.of(supabase, true));
        }
        return out;
    }
}
