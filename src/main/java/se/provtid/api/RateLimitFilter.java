package se.provtid.api;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.RateLimiter;
import se.provtid.service.JobMetrics;

/**
 * The fleet-wide limit per client address on {@code /api/v1/**}: one Redis round trip, non-blocking, after
 * {@link ApiAuthFilter} (calls it refuses are not counted). Event streams are exempt (they have per-job and
 * per-process caps), as are /health, /q/* and the simulator. Every answer under the limit carries the
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers; over it, 429 with Retry-After. A client far
 * from its limit is decided in this process without waiting (see {@link RateLimiter}), so most calls cost no round trip.
 */
public class RateLimitFilter {

    private static final String LIMIT = "RateLimit-Limit";
    private static final String REMAINING = "RateLimit-Remaining";
    private static final String RESET = "RateLimit-Reset";
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
    public Uni<Response> limit(HttpServerRequest request) {
        if (!on) {
            return null;
        }
        String path = request.path();
        if (path == null || !path.startsWith(API) || path.startsWith(STREAMS)) {
            return null;
        }
        String client = client(request);
        // Far from its limit a client is decided here, at once: no Redis round trip, no suspended request.
        RateLimiter.Decision local = limiter.local(client);
        if (local != null) {
            Response refused = decide(request, local);
            return refused == null ? null : Uni.createFrom().item(refused);
        }
        return limiter.remote(client).map(d -> decide(request, d));
    }

    private String client(HttpServerRequest request) {
        // The TCP peer itself: the request's remoteAddress() would first run Vert.x's forwarded-header parsing.
        SocketAddress remote = request.connection() == null ? null : request.connection().remoteAddress();
        String peer = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
        // Without trusted proxies the peer is the client: no header to read, no address to parse.
        return clients.trustsNone() ? peer : clients.of(peer, request.headers().getAll("X-Forwarded-For"));
    }

    /**
     * Null when the request may go on: then the RateLimit-* headers go on its answer now (an answer that sets its
     * own, such as the start limit's 429, replaces them); else the 429.
     */
    private Response decide(HttpServerRequest request, RateLimiter.Decision d) {
        if (d.allowed()) {
            request.response().headers().set(LIMIT, Integer.toString(d.limit()))
                    .set(REMAINING, Integer.toString(d.remaining())).set(RESET, Long.toString(d.resetSeconds()));
            return null;
        }
        metrics.rateLimited(JobMetrics.RateLimitScope.client);
        return tooMany(d, "client_address", "requests_per_window", "This client made more than " + d.limit()
                + " API requests in " + seconds(limiter) + "; try again in " + d.resetSeconds() + " s.")
                .toResponse();
    }

    /** The 429 problem of a limit: field and rule name it; Retry-After and RateLimit-* say when to come back. */
    static Problem tooMany(RateLimiter.Decision d, String field, String rule, String detail) {
        return Problem.of(429, "rate-limited", "Too many requests", detail).with("field", field).with("rule", rule)
                .with("limit", d.limit()).with("retry_after_seconds", d.resetSeconds())
                .header("Retry-After", Long.toString(d.resetSeconds()))
                .header(LIMIT, Integer.toString(d.limit()))
                .header(REMAINING, Integer.toString(d.remaining()))
                .header(RESET, Long.toString(d.resetSeconds()));
    }

    static String seconds(RateLimiter limiter) {
        long ms = limiter.window().toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
