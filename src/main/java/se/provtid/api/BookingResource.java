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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobRequest;
import se.provtid.job.JobSummary;
import se.provtid.service.BookingService;
import se.provtid.service.PlaceCatalog;
import se.provtid.service.SearchedPlaces;

/**
 * The booking job API: start, status, cancel, confirm; non-blocking, on the event loop. Also declares the OpenAPI
 * document's two security schemes (the API token, and a job's stream token).
 */
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = ApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "API_SECRET_TOKEN: 'Authorization: Bearer <token>'. Every /api path needs it."),
        @SecurityScheme(securitySchemeName = ApiDocs.STREAM_TOKEN, type = SecuritySchemeType.APIKEY,
                in = SecuritySchemeIn.QUERY, apiKeyName = "token",
                description = "A job's stream token, part of stream_url (?token=...); opens only that job's stream, "
                        + "until stream_url_expires_at. EventSource sends no headers, so this is how a browser "
                        + "opens a stream.")})
@Tag(name = "booking")
@SecurityRequirement(name = ApiDocs.BEARER)
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
    private final PlaceCatalog places;
    private final SearchedPlaces searched;
    private final StreamTokens streamTokens;
    private final ProvtidConfig config;
    private final ObjectReader startReader;
    private final ObjectReader cancelReader;
    private final String base;

    public BookingResource(BookingService service, StartRequestValidator validator, StreamTokens streamTokens,
            ProvtidConfig config, ObjectMapper json, PlaceCatalog places, SearchedPlaces searched) {
        this.searched = searched;
        this.service = service;
        this.places = places;
        this.validator = validator;
        this.streamTokens = streamTokens;
        this.config = config;
        ObjectReader strict = json.reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .without(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        this.startReader = strict.forType(StartRequest.class);
        this.cancelReader = strict.forType(CancelRequest.class);
        this.base = config.api().publicBaseUrl().map(b -> b.replaceAll("/+$", "")).orElse("");
    }

    @Operation(summary = "Start a booking job", description = "Queues a job; answers where to follow it. With the same Idempotency-Key and body, answers the same job again (Idempotent-Replayed: true).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StartRequest.class)))
    @APIResponse(responseCode = "202", description = "Queued; Location is the status URL", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StartResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid body or Idempotency-Key (field, rule name what)", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "409", description = "The user already has an active job", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "413", description = "Body over 64 KiB", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "429", description = "Rate limited: the client's API limit or the user's start limit (Retry-After)", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused for another request", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "503", description = "Queue full (Retry-After)", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @POST
    @Path("start")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body)
            throws IOException {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255
                || idempotencyKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw Problem.badRequest("Idempotency-Key", "format",
                    "Header 'Idempotency-Key' must be 1 to 255 visible ASCII characters.", Map.of("max", 255))
                    .exception();
        }
        JobRequest job = validator.validate(read(body, startReader));
        checkPlaces(job.locations());
        // The user's own limit (RATE_LIMIT_START_PER_USER) is counted by the enqueue script, in the same round trip.
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

    /** A place nobody knows is refused now, not after the person has scanned their code (PLACE_CHECK). */
    private void checkPlaces(List<String> locations) {
        if (!config.api().checkPlaces()) {
            return;
        }
        List<Problem.FieldError> errors = places.unknown(locations).stream()
                .map(u -> new Problem.FieldError("locations[" + u.index() + "]", "known_place",
                        "Unknown test location '" + u.name() + "'. Closest known: " + String.join(", ", u.closest())
                                + ".", knownPlace(u))).toList();
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors).exception();
        }
    }

    /** The caller's name (checked by the validator: short, no control characters) and the names we suggest. */
    private static Map<String, Object> knownPlace(PlaceCatalog.Unknown u) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("location", u.name());
        p.put("suggestions", List.copyOf(u.closest()));
        return p;
    }

    @Operation(summary = "A fresh stream_url", description = "A new stream token for the job; it expires after STREAM_TOKEN_TTL.")
    @APIResponse(responseCode = "200", description = "The job's stream URL", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StreamUrl.class)))
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

    @Operation(summary = "A job's status")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @GET
    @Path("status/{jobId}")
    public Uni<JobView> status(@PathParam("jobId") String jobId) {
        return service.summary(jobId).flatMap(s -> searched.of(jobId).map(places -> JobView.of(s, places)));
    }

    @Operation(summary = "Cancel a job", description = "200 when cancelled; 202 while it is paying (cancelled at the next safe point, or it completes).")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CancelRequest.class)))
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "202", description = "Cancel requested; the job is paying", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "409", description = "The job already finished", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
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

    @Operation(summary = "Confirm the held slot", description = "Books the slot a job without auto_book holds.")
    @APIResponse(responseCode = "202", description = "Booking it", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "409", description = "Not awaiting confirmation", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @POST
    @Path("confirm/{jobId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> confirm(@PathParam("jobId") String jobId) {
        return service.confirm(jobId).map(job -> Response.accepted(JobView.of(JobSummary.of(job, null))).build());
    }

    @Operation(summary = "Log in again", description = "A watching job (its site login ended) starts a new login: "
            + "its stream goes on with new QR codes. Needs the API token.")
    @APIResponse(responseCode = "202", description = "Logging in again (the job is queued)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No such job", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @APIResponse(responseCode = "409", description = "The job is not watching", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @POST
    @Path("resume/{jobId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> resume(@PathParam("jobId") String jobId) {
        return service.resume(jobId).map(job -> Response.accepted(JobView.of(JobSummary.of(job, null))).build());
    }

    /** A cancel reason ends up in events, webhooks and logs: short, and no control characters. */
    private static void checkReason(String reason) {
        if (reason.length() > MAX_REASON) {
            throw Problem.badRequest("reason", "max_length", "Field 'reason' must be at most " + MAX_REASON
                    + " characters.", Map.of("max", MAX_REASON)).exception();
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
