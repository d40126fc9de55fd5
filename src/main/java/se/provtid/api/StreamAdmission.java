package se.provtid.api;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.Job;
import se.provtid.service.BookingService;
import se.provtid.stream.JobFeeds;

/**
 * Decides whether a stream may open before it opens: an SSE answer is committed with its first byte, so an
 * unknown job (404), a void stream token (401) or too many streams (429) must be answered here, as problem
 * documents. Passes the job on to {@link StreamResource}.
 */
public class StreamAdmission {

    static final String JOB = "provtid.stream.job";

    private final BookingService service;
    private final JobFeeds feeds;
    private final ProvtidConfig config;

    public StreamAdmission(BookingService service, JobFeeds feeds, ProvtidConfig config) {
        this.service = service;
        this.feeds = feeds;
        this.config = config;
    }

    @ServerRequestFilter
    public Uni<Response> admit(RoutingContext rc) {
        String jobId = PublicPaths.streamJob(rc.request().path());
        if (jobId == null || !"GET".equals(rc.request().method().name())) {
            return null;
        }
        // ApiAuthFilter let the request in with either the bearer token or this job's stream token.
        boolean byStreamToken = rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null;
        return service.get(jobId).map(job -> {
            if (byStreamToken && ended(job)) {
                return ApiAuthFilter.unauthorized("The job ended; its stream token no longer opens the stream. Read "
                        + "the outcome from the status URL, or get a new stream URL with the API token.");
            }
            feeds.admit(job.id());
            rc.put(JOB, job);
            return null;
        });
    }

    /** A stream token opens the stream of a finished job only a short while, for a client reconnecting. */
    private boolean ended(Job job) {
        return job.status().isFinal()
                && Instant.now().isAfter(job.updatedAt().plus(config.api().streamTokenGrace()));
    }
}
