package se.provtid.api;

import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import se.provtid.job.Job;
import se.provtid.queue.StoredEvent;
import se.provtid.stream.JobFeeds;

/** Server-Sent Events of one job, read from its Redis stream, so any API process can serve any job. */
@Tag(name = "stream")
@Path("/api/v1/booking/stream")
public class StreamResource {

    private final JobFeeds feeds;

    public StreamResource(JobFeeds feeds) {
        this.feeds = feeds;
    }

    @Operation(summary = "Follow a job (Server-Sent Events)", description = "text/event-stream: each SSE event is named by its event_type, its id is the Redis stream entry id and its data line is the Event envelope. First the latest status_update (and qr_code_update while authenticating), then every new event; ends after the final one. Last-Event-ID replays after that id. Open it with the stream token of stream_url (EventSource) or the bearer token.")
    @SecurityRequirement(name = ApiDocs.STREAM_TOKEN)
    @SecurityRequirement(name = ApiDocs.BEARER)
    @APIResponse(responseCode = "200", description = "The event stream; data lines are Event envelopes", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = ApiDocs.EventEnvelope.class), examples = {@ExampleObject(name = "status_update", value = ApiDocs.EX_STATUS), @ExampleObject(name = "qr_code_update", value = ApiDocs.EX_QR), @ExampleObject(name = "slots_found", value = ApiDocs.EX_SLOTS), @ExampleObject(name = "booking_completed", value = ApiDocs.EX_COMPLETED), @ExampleObject(name = "job_failed", value = ApiDocs.EX_FAILED), @ExampleObject(name = "job_cancelled", value = ApiDocs.EX_CANCELLED), @ExampleObject(name = "job_expired", value = ApiDocs.EX_EXPIRED)}))
    @APIResponse(responseCode = "401", description = "Bad or expired token", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "429", description = "Too many open streams (Retry-After)", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    /** The job was found and the stream admitted by {@link StreamAdmission}. */
    @GET
    @Path("{jobId}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("jobId") String jobId,
            @Parameter(description = "Replay every event after this id, instead of the snapshot") @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse, @Parameter(hidden = true) RoutingContext rc) {
        Job job = rc.get(StreamAdmission.JOB);
        return feeds.subscribe(job, lastEventId).map(e -> event(sse, e));
    }

    private static OutboundSseEvent event(Sse sse, StoredEvent e) {
        if (e == JobFeeds.KEEP_ALIVE) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }
        return sse.newEventBuilder().id(e.id()).name(e.type()).data(e.json()).build();
    }
}
