package se.provtid.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.channels.ClosedChannelException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.RateLimiter;
import se.provtid.queue.RedisUnavailableException;
import se.provtid.service.BookingException;
import se.provtid.stream.StreamLimitException;
import se.provtid.webhook.ReplayException;

/** Turns every error into RFC 9457 problem JSON, so no caller ever sees a bare 500 or an HTML page. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ProvtidConfig config;

    public ProblemMappers(ProvtidConfig config) {
        this.config = config;
    }

    /** The booking service's refusals, each as its problem document. */
    @ServerExceptionMapper
    public Response booking(BookingException e) {
        Problem p = switch (e) {
            case BookingException.JobNotFound n -> Problem.of(404, "job-not-found", "Job not found",
                    "No job with id '" + safeId(n.jobId()) + "'.").with("field", "job_id").with("rule", "exists");
            case BookingException.IdempotencyKeyReused k -> Problem.of(422, "idempotency-key-reused",
                    "Idempotency-Key reused", "This Idempotency-Key was already used for a different request (job "
                            + k.jobId() + ").").with("field", "Idempotency-Key").with("rule", "same_request")
                    .with("job_id", k.jobId());
            case BookingException.UserHasActiveJob a -> Problem.of(409, "user-has-active-job",
                    "User already has an active job", "User '" + a.userId() + "' already has an active job "
                            + a.activeJobId() + "; cancel it or wait for it to finish.").with("field", "user_id")
                    .with("rule", "one_active_job").with("active_job_id", a.activeJobId());
            case BookingException.StartRateLimited l -> startLimited(l);
            case BookingException.QueueFull q -> Problem.of(503, "queue-full", "Queue full", "The queue holds "
                    + q.queued() + " jobs, its maximum; try again later.").header("Retry-After", "30");
            case BookingException.JobFinal f -> Problem.of(409, "job-final", "Job already finished",
                    "The job is already " + f.status() + " and cannot be cancelled.").with("job_status", f.status());
            case BookingException.NotAwaitingConfirmation c -> Problem.of(409, "job-not-awaiting-confirmation",
                    "Nothing to confirm", "The job is " + c.status()
                            + "; only a job in awaiting_confirmation can be confirmed.").with("job_status", c.detail());
            case BookingException.NotWatching w -> Problem.of(409, "job-not-watching", "Not watching",
                    "The job is " + w.status() + "; only a watching job (its site login ended) can log in again.")
                    .with("job_status", w.status());
        };
        return p.toResponse();
    }

    /** A user over the per-user start limit: the same 429 as the other rate limits, with their headers. */
    private Problem startLimited(BookingException.StartRateLimited l) {
        long seconds = Math.max(1, (l.retryAfterMillis() + 999) / 1000);
        int limit = config.rateLimit().startPerUser();
        long windowMs = config.rateLimit().window().toMillis();
        return RateLimitFilter.tooMany(new RateLimiter.Decision(false, limit, 0, seconds), "user_id",
                "start_per_user", "This user_id started more than " + limit + " jobs in "
                        + (windowMs % 1000 == 0 ? (windowMs / 1000) + " s" : windowMs + " ms") + "; try again in "
                        + seconds + " s.");
    }

    /** Too many open streams: 429 with Retry-After, naming the limit. */
    @ServerExceptionMapper
    public Response tooManyStreams(StreamLimitException e) {
        boolean perJob = e.limit() == StreamLimitException.Limit.PER_JOB;
        return Problem.of(429, "too-many-streams", "Too many streams", perJob
                ? "This job already has " + e.max() + " open streams here, its maximum; close one or try again later."
                : "This server has " + e.max() + " open streams, its maximum; try again later.")
                .with("field", perJob ? "job_id" : "stream").with("rule", perJob ? "max_streams_per_job" : "max_streams")
                .header("Retry-After", "10").toResponse();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = path(e);
        return Problem.badRequest(field, "unknown_field", "Field '" + field + "' is not part of this request.")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = path(e);
        if (field.isEmpty()) {
            return Problem.badRequest("body", "json_object", "The body must be a JSON object.").toResponse();
        }
        String expected = e.getTargetType() == null ? "another type" : simpleType(e.getTargetType());
        return Problem.badRequest(field, "type", "Field '" + field + "' must be " + expected + ".").toResponse();
    }

    @ServerExceptionMapper
    public Response badFormat(InvalidFormatException e) {
        return wrongType(e);
    }

    @ServerExceptionMapper
    public Response notJson(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return Problem.badRequest("body", "json_limits", "The body nests deeper than " + JsonLimits.MAX_NESTING
                    + " levels, or holds a string or number longer than allowed.",
                    Map.of("max_nesting", JsonLimits.MAX_NESTING)).toResponse();
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            return Problem.badRequest(field, "type", "Field '" + field + "' has a value of the wrong form.").toResponse();
        }
        return Problem.badRequest("body", "json", "The body is not valid JSON: " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "Send the body as application/json.").with("field", "Content-Type").with("rule", "media_type")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(404, "not-found", "Not found", "No resource at this path.").toResponse();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        String allow = AllowedMethods.of(uri.getPath());
        return Response.fromResponse(Problem.of(405, "method-not-allowed", "Method not allowed",
                "This path takes " + (allow.isEmpty() ? "other methods" : allow) + ".").toResponse())
                .header("Allow", allow).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problem.of(406, "not-acceptable", "Not acceptable", "This resource answers in JSON.").toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response other(WebApplicationException e) {
        Response r = e.getResponse();
        if (r.hasEntity() || r.getStatus() < 400) {
            return r;
        }
        int status = r.getStatus();
        return Problem.of(status, "http-" + status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage()).toResponse();
    }

    /** The stores' one word for Redis failing (unreachable, closed mid-command, timed out): try again shortly. */
    @ServerExceptionMapper
    public Response redisUnavailable(RedisUnavailableException e) {
        LOG.debugf("job store unavailable: %s", e.reason());
        if (e.unconfirmed()) {
            // The primary took the write, but it could still be lost in a failover: promise nothing.
            return Problem.of(503, "redis-not-replicated", "Service unavailable",
                    "The job store took the change but no replica confirmed it in time; try again shortly (a start "
                            + "with the same Idempotency-Key returns its job).").header("Retry-After", "2")
                    .toResponse();
        }
        return Problem.of(503, "redis-unavailable", "Service unavailable",
                "The job store is unreachable; try again shortly.").header("Retry-After", "5").toResponse();
    }

    @ServerExceptionMapper(priority = 20_000)
    public Response unexpected(Exception e) {
        if (e instanceof WebApplicationException w) {
            return other(w);
        }
        if (e.getCause() instanceof RedisUnavailableException r) {
            return redisUnavailable(r); // as a CompletionException carries it out of a blocking wait
        }
        if (e instanceof ClosedChannelException) {
            // The caller hung up (the stores report their own socket closing as RedisUnavailableException): it reads
            // nothing, and it is no error of ours.
            LOG.debugf("caller's connection closed: %s", e.getClass().getName());
            return Problem.of(500, "internal-error", "Internal error", "The connection closed.").toResponse();
        }
        // The type and where it was thrown, never the message: a third party's message may carry request data.
        LOG.errorf("unexpected error %s at %s", e.getClass().getName(),
                e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
        return Problem.of(500, "internal-error", "Internal error", "Something went wrong on our side.").toResponse();
    }

    /** A caller's id, safe to echo: only id characters, at most 64 of them. */
    private static String safeId(String id) {
        if (id == null) {
            return "";
        }
        String s = id.replaceAll("[^A-Za-z0-9_\\-]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simpleType(Class<?> t) {
        if (t == String.class) {
            return "a string";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    /** A dead letter's replay refused, each as its problem document. */
    @ServerExceptionMapper
    public Response replay(ReplayException e) {
        Problem p = switch (e) {
            case ReplayException.NotFound n -> Problem.of(404, "dead-letter-not-found",
                    "Dead letter not found", "No dead letter with id '"
                            + (n.id() == null ? "" : n.id().replaceAll("[^A-Za-z0-9_]", "?")) + "'.")
                    .with("field", "id").with("rule", "exists");
            case ReplayException.InProgress i -> Problem.of(409, "replay-in-progress",
                    "Replay in progress", "This dead letter is being replayed right now; look again in a moment.");
        };
        return p.toResponse();
    }
}
