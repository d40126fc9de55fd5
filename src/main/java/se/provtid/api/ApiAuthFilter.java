package se.provtid.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import se.provtid.config.ProvtidConfig;

/** Requires the API bearer token on /api/v1 (or, for one job's stream, that job's stream token). */
public class ApiAuthFilter {

    private static final String STREAM_PREFIX = "/api/v1/booking/stream/";
    private final byte[] secret;
    private final StreamTokens streamTokens;
    private final boolean apiRole;

    public ApiAuthFilter(ProvtidConfig config, StreamTokens streamTokens) {
        this.apiRole = config.role().runsApi();
        this.secret = config.api().secretToken().getBytes(StandardCharsets.UTF_8);
        this.streamTokens = streamTokens;
    }

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Response authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        if (!apiRole) {
            return Problem.of(404, "not-an-api-process", "Not found",
                    "This process runs only workers (PROVTID_ROLE=worker); send API calls to an api process.")
                    .toResponse();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, secret)) {
                return null;
            }
            return unauthorized("The bearer token is not valid.");
        }
        if (path.startsWith(STREAM_PREFIX) && "GET".equals(ctx.getMethod())) {
            String jobId = path.substring(STREAM_PREFIX.length());
            String token = ctx.getUriInfo().getQueryParameters().getFirst("token");
            if (token != null) {
                return streamTokens.valid(token, jobId) ? null
                        : unauthorized("The stream token is not valid for this job, or has expired.");
            }
        }
        return unauthorized("Send 'Authorization: Bearer <API_SECRET_TOKEN>'.");
    }

    private static Response unauthorized(String detail) {
        return Problem.of(401, "unauthorized", "Unauthorized", detail).with("field", "Authorization")
                .with("rule", "bearer_token").header("WWW-Authenticate", "Bearer realm=\"provtid\"").toResponse();
    }
}
