package se.provtid.api;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import se.provtid.service.DeadLetters;

/** Dead letters: list them, and replay one; non-blocking. Under /api/v1, so the API bearer token guards both. */
@Tag(name = "operations")
@SecurityRequirement(name = ApiDocs.BEARER)
@Path("/api/v1/webhooks/dead")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private static final int MAX_LIMIT = 1000;

    private final DeadLetters letters;

    public DeadLetterResource(DeadLetters letters) {
        this.letters = letters;
    }

    @Operation(summary = "Webhook dead letters, newest first")
    @APIResponse(responseCode = "200", description = "dead_letters and count")
    @APIResponse(responseCode = "400", description = "limit out of range (1 to 1000)", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    /** Newest first; the body is not listed (it may hold personal data), only what is needed to judge and replay. */
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("limit") String limit, @QueryParam("job_id") String jobId) {
        int n = limit(limit);
        return letters.list(n, jobId == null || jobId.isBlank() ? null : jobId).map(list -> {
            List<Map<String, Object>> items = list.stream().map(DeadLetterResource::withReplayUrl).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dead_letters", items);
            out.put("count", items.size());
            return out;
        });
    }

    @Operation(summary = "Replay one dead letter")
    @APIResponse(responseCode = "200", description = "Delivered")
    @APIResponse(responseCode = "404", description = "No such dead letter", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "409", description = "Already being replayed", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "502", description = "The endpoint refused it again; the dead letter is kept", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    /** 200 when the endpoint took it; a 502 problem when it failed again (404 and 409 come as ReplayExceptions). */
    @POST
    @Path("{id}/replay")
    public Uni<Map<String, Object>> replay(@PathParam("id") String id) {
        return letters.replay(id).map(r -> {
            if (!r.delivered()) {
                throw Problem.of(502, "webhook-replay-failed", "Replay failed",
                        "The endpoint did not accept the event: " + r.error() + ". The dead letter is kept.")
                        .with("id", id).with("last_status", r.status() == 0 ? null : r.status())
                        .with("last_error", r.error()).exception();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("delivered", true);
            out.put("status", r.status());
            return out;
        });
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw Problem.badRequest("limit", "range", "Query parameter 'limit' must be a whole number from 1 to "
                + MAX_LIMIT + ".", Map.of("min", 1, "max", MAX_LIMIT)).exception();
    }

    /** The service's view of a letter, and where to replay it. */
    private static Map<String, Object> withReplayUrl(Map<String, Object> letter) {
        Map<String, Object> m = new LinkedHashMap<>(letter);
        m.put("replay_url", "/api/v1/webhooks/dead/" + m.get("id") + "/replay");
        return m;
    }
}
