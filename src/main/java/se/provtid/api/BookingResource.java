package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobRequest;
import se.provtid.job.JobSummary;
import se.provtid.service.BookingService;

/** The booking job API: start, status, cancel, confirm; non-blocking, on the event loop. */
@Path("/api/v1/booking")
@Produces(MediaType.APPLICATION_JSON)
public class BookingResource {

    /** A job's stream URL and when its token expires. */
    public record StreamUrl(@JsonProperty("job_id") String jobId, @JsonProperty("stream_url") String streamUrl,
            @JsonProperty("stream_url_expires_at") String expiresAt) {
    }

    /** The body of a cancel call. */
    public record CancelRequest(@JsonProperty("reason") String reason, @JsonProperty("force") Boolean force) {
    }

    private static final int MAX_REASON = 200;
    private static final String STATUS_PATH = "/api/v1/booking/status/";
    private static final String STREAM_PATH = "/api/v1/booking/stream/";

    private final BookingService service;
    private final StartRequestValidator validator;
    private final StreamTokens streamTokens;
    private final ProvtidConfig config;
    private final ObjectReader startReader;
    private final ObjectReader cancelReader;
    private final String base;

    public BookingResource(BookingService service, StartRequestValidator validator, StreamTokens streamTokens,
            ProvtidConfig config, ObjectMapper json) {
        this.service = service;
        this.validator = validator;
        this.streamTokens = streamTokens;
        this.config = config;
        ObjectReader strict = json.reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .without(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        this.startReader = strict.forType(StartRequest.class);
        this.cancelReader = strict.forType(CancelRequest.class);
        this.base = config.api().publicBaseUrl().map(b -> b.replaceAll("/+$", "")).orElse("");
    }

    @POST
    @Path("start")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body)
            throws IOException {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255
                || idempotencyKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw Problem.badRequest("Idempotency-Key", "format",
                    "Header 'Idempotency-Key' must be 1 to 255 visible ASCII characters.").exception();
        }
        JobRequest job = validator.validate(read(body, startReader));
        return service.start(job, idempotencyKey).map(started -> {
            String statusUrl = base + STATUS_PATH + started.jobId();
            StreamTokens.Issued token = streamTokens.issue(started.jobId());
            StartResponse out = new StartResponse(started.jobId(), started.status().name(), started.queuePosition(),
                    started.createdAt().toString(), statusUrl, streamUrl(started.jobId(), token),
                    token.expiresAt().toString());
            Response.ResponseBuilder r = Response.accepted(out).location(URI.create(statusUrl));
            if (started.replayed()) {
                r.header("Idempotent-Replayed", "true");
            }
            return r.build();
        });
    }

    /** A fresh stream_url for the job (its token expires after STREAM_TOKEN_TTL); needs the API token. */
    @POST
    @Path("stream-url/{jobId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<StreamUrl> streamUrl(@PathParam("jobId") String jobId) {
        return service.get(jobId).map(job -> {
            StreamTokens.Issued token = streamTokens.issue(job.id());
            return new StreamUrl(job.id(), streamUrl(job.id(), token), token.expiresAt().toString());
        });
    }

    private String streamUrl(String jobId, StreamTokens.Issued token) {
        return base + STREAM_PATH + jobId + "?token=" + token.token();
    }

    @GET
    @Path("status/{jobId}")
    public Uni<JobView> status(@PathParam("jobId") String jobId) {
        return service.summary(jobId).map(JobView::of);
    }

    @POST
    @Path("cancel/{jobId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> cancel(@PathParam("jobId") String jobId, byte[] body) throws IOException {
        CancelRequest c = body == null || body.length == 0 ? null : read(body, cancelReader);
        if (c != null && c.reason() != null) {
            checkReason(c.reason());
        }
        return service.cancel(jobId, c == null ? null : c.reason(), c != null && Boolean.TRUE.equals(c.force()))
                // 202: the job is paying; it is cancelled at the next safe point, or completes if the payment went through.
                .map(done -> Response.status(done.pending() ? 202 : 200).entity(JobView.of(JobSummary.of(done.job(), null))).build());
    }

    @POST
    @Path("confirm/{jobId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> confirm(@PathParam("jobId") String jobId) {
        return service.confirm(jobId).map(job -> Response.accepted(JobView.of(JobSummary.of(job, null))).build());
    }

    /** A cancel reason ends up in events, webhooks and logs: short, and no control characters. */
    private static void checkReason(String reason) {
        if (reason.length() > MAX_REASON) {
            throw Problem.badRequest("reason", "max_length", "Field 'reason' must be at most " + MAX_REASON
                    + " characters.").exception();
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw Problem.badRequest("reason", "no_control_characters",
                    "Field 'reason' must not contain control characters (line breaks, tabs, ...).").exception();
        }
    }

    private <T> T read(byte[] body, ObjectReader reader) throws IOException {
        if (body == null || body.length == 0) {
            throw Problem.badRequest("body", "required", "A JSON body is required.").exception();
        }
        if (body.length > config.api().maxBodyBytes()) {
            throw Problem.of(413, "payload-too-large", "Payload too large", "The body is " + body.length
                    + " bytes; at most " + config.api().maxBodyBytes() + " are accepted.").with("field", "body")
                    .with("rule", "max_bytes").exception();
        }
        T value = reader.readValue(body);
        if (value == null) {
            throw Problem.badRequest("body", "json_object", "The body must be a JSON object.").exception();
        }
        return value;
    }
}
