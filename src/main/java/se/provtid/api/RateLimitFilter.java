package se.provtid.api;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.RateLimiter;
import se.provtid.service.JobMetrics;

/**
 * The fleet-wide limit per client address on {@code /api/v1/**}: one Redis round trip, non-blocking, after
 * {@link ApiAuthFilter} (calls it refuses are not counted). Event streams are exempt (they have per-job and
 * per-process caps), as are /health, /q/* and the simulator. Every answer under the limit carries the
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers; over it, 429 with Retry-After.
 */
public class RateLimitFilter {

    static final String DECISION = "provtid.rate-limit";
    private static final String API = "/api/v1/";
    private static final String STREAMS = "/api/v1/booking/stream/";

    private final RateLimiter limiter;
    private final ClientAddress clients;
    private final boolean on;
    private final JobMetrics metrics;

    public RateLimitFilter(RateLimiter limiter, ProvtidConfig config, JobMetrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
        this.clients = new ClientAddress(config.rateLimit().trustedProxies().orElse(List.of()));
        this.on = config.role().runsApi() && limiter.clientLimitOn();
    }

    @ServerRequestFilter(preMatching = true, priority = 200)
    public Uni<Response> limit(ContainerRequestContext ctx, HttpServerRequest request) {
        if (!on) {
            return null;
        }
        String path = ctx.getUriInfo().getRequestUri().getRawPath();
        if (path == null || !path.startsWith(API) || path.startsWith(STREAMS)) {
            return null;
        }
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String client = clients.of(peer, request.headers().getAll("X-Forwarded-For"));
        return limiter.client(client).map(d -> {
            ctx.setProperty(DECISION, d);
            if (d.allowed()) {
                return null;
            }
            metrics.rateLimited(JobMetrics.RateLimitScope.client);
            return tooMany(d, "client_address", "requests_per_window", "This client made more than " + d.limit()
                    + " API requests in " + seconds(limiter) + "; try again in " + d.resetSeconds() + " s.")
                    .toResponse();
        });
    }

    /** Adds the RateLimit-* headers of the request's check to its answer (unless the answer set its own). */
    @ServerResponseFilter
    public void headers(ContainerRequestContext req, ContainerResponseContext res) {
        if (req.getProperty(DECISION) instanceof RateLimiter.Decision d
                && !res.getHeaders().containsKey("RateLimit-Limit")) {
            res.getHeaders().putSingle("RateLimit-Limit", Integer.toString(d.limit()));
            res.getHeaders().putSingle("RateLimit-Remaining", Integer.toString(d.remaining()));
            res.getHeaders().putSingle("RateLimit-Reset", Long.toString(d.resetSeconds()));
        }
    }

    /** The 429 problem of a limit: field and rule name it; Retry-After and RateLimit-* say when to come back. */
    static Problem tooMany(RateLimiter.Decision d, String field, String rule, String detail) {
        return Problem.of(429, "rate-limited", "Too many requests", detail).with("field", field).with("rule", rule)
                .with("limit", d.limit()).with("retry_after_seconds", d.resetSeconds())
                .header("Retry-After", Long.toString(d.resetSeconds()))
                .header("RateLimit-Limit", Integer.toString(d.limit()))
                .header("RateLimit-Remaining", Integer.toString(d.remaining()))
                .header("RateLimit-Reset", Long.toString(d.resetSeconds()));
    }

    static String seconds(RateLimiter limiter) {
        long ms = limiter.window().toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
