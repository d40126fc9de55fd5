package se.provtid.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Describes the tags, the health endpoints, which live outside this package (/health is open, /health/detailed and
 * /webhooks/health need the bearer token, see {@link PublicPaths}), and the problems many operations share: 401 where
 * a token is needed, 404 where a job is named, 429 where the rate limit counts. An operation's own annotation for one of
 * these codes wins, so only the ones that say more than the shared text carry one.
 */
public class OpenApiFilter implements OASFilter {

    private static final Map<String, String> HEALTH = Map.of(
            "/health", "Simple health: Redis reachable (open, no token)",
            "/health/detailed", "Detailed health: queue, workers, browsers, Redis",
            "/webhooks/health", "Webhook backlog: pending, delivered, failed, dead; 503 when stuck");

    static final String UNAUTHORIZED = "No or a wrong bearer token";
    static final String NO_SUCH_JOB = "No such job";
    static final String RATE_LIMITED = "Rate limited: the client's API limit (Retry-After)";
    private static final String API = "/api/v1/";
    /** Event streams have their own limits instead of the rate limit (see {@link RateLimitFilter}). */
    private static final String STREAMS = "/api/v1/booking/stream/";

    private static final Map<String, String> TAGS = Map.of("booking", "Booking jobs: start, status, cancel, confirm",
            "stream", "A job's Server-Sent Events", "operations", "Browser hosts and webhook dead letters",
            "health", "Health of this process and of webhook delivery");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        TAGS.forEach((name, description) -> {
            Tag tag = openAPI.getTags() == null ? null
                    : openAPI.getTags().stream().filter(t -> name.equals(t.getName())).findFirst().orElse(null);
            if (tag == null) {
                openAPI.addTag(OASFactory.createTag().name(name).description(description));
            } else if (tag.getDescription() == null) {
                tag.setDescription(description);
            }
        });
        if (openAPI.getPaths() == null) {
            return;
        }
        HEALTH.forEach((path, summary) -> {
            PathItem item = openAPI.getPaths().getPathItem(path);
            Operation get = item == null ? null : item.getGET();
            if (get == null) {
                return;
            }
            if (get.getSummary() == null) {
                get.setSummary(summary);
            }
            get.setTags(List.of("health"));
            SecurityRequirement bearer = OASFactory.createSecurityRequirement().addScheme(ApiDocs.BEARER);
            get.setSecurity("/health".equals(path) ? List.of() : List.of(bearer));
        });
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> addSharedProblems(path, operation)));
    }

    private static void addSharedProblems(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            addIfMissing(responses, "401", UNAUTHORIZED);
        }
        if (path.contains("{jobId}")) {
            addIfMissing(responses, "404", NO_SUCH_JOB);
        }
        if (path.startsWith(API) && !path.startsWith(STREAMS)) {
            addIfMissing(responses, "429", RATE_LIMITED);
        }
        // By code, so the shared problems read among the operation's own ones, not after them.
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        responses.setAPIResponses(new LinkedHashMap<>(sorted));
    }

    private static void addIfMissing(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            return;
        }
        responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(ApiDocs.PROBLEM_JSON, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/Problem")))));
    }
}
