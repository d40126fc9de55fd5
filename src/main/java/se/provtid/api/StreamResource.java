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
import se.provtid.job.Job;
import se.provtid.queue.StoredEvent;
import se.provtid.stream.JobFeeds;

/** Server-Sent Events of one job, read from its Redis stream, so any API process can serve any job. */
@Path("/api/v1/booking/stream")
public class StreamResource {

    private final JobFeeds feeds;

    public StreamResource(JobFeeds feeds) {
        this.feeds = feeds;
    }

    /** The job was found and the stream admitted by {@link StreamAdmission}. */
    @GET
    @Path("{jobId}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("jobId") String jobId,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse, RoutingContext rc) {
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
