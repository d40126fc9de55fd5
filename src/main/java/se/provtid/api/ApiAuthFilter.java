package se.provtid.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import se.provtid.config.ProvtidConfig;

/**
 * Deny by default: every path needs the API bearer token, except the few {@link PublicPaths}; one job's stream
 * also opens with that job's stream token.
 */
public class ApiAuthFilter {

    private final byte[] secret;
    private final StreamTokens streamTokens;
    private final boolean apiRole;

    public ApiAuthFilter(ProvtidConfig config, StreamTokens streamTokens) {
        this.apiRole = config.role().runsApi();
        this.secret = config.api().secretToken().orElse("").getBytes(StandardCharsets.UTF_8);
        this.streamTokens = streamTokens;
    }

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Response authenticate(ContainerRequestContext ctx, HttpServerRequest request) {
        // The raw path as it came (never decoded), read from the request itself: building the request's URI
        // for it cost every call a parse.
        String path = request.path();
        if (path == null) {
            path = "";
        }
        if (PublicPaths.open(path)) {
            return null;
        }
        if (!apiRole && path.startsWith("/api/")) {
            return Problem.of(404, "not-an-api-process", "Not found",
                    "This process runs only workers (PROVTID_ROLE=worker); send API calls to an api process.")
                    .toResponse();
        }
        // From the request's own headers: the JAX-RS view of them is a sorted copy built on first use.
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(given, secret) ? null : unauthorized("The bearer token is not valid.");
        }
        String jobId = PublicPaths.streamJob(path);
        if (jobId != null && "GET".equals(ctx.getMethod())) {
            String token = ctx.getUriInfo().getQueryParameters().getFirst("token");
            if (token != null) {
                return streamTokens.valid(token, jobId) ? null
                        : unauthorized("The stream token is not valid for this job, or has expired.");
            }
        }
        return unauthorized("Send 'Authorization: Bearer <API_SECRET_TOKEN>'.");
    }

    static Response unauthorized(String detail) {
        return Problem.of(401, "unauthorized", "Unauthorized", detail).with("field", "Authorization")
                .with("rule", "bearer_token").header("WWW-Authenticate", "Bearer realm=\"provtid\"").toResponse();
    }
}
