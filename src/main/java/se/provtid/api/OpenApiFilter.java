package se.provtid.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Describes the tags, and in the OpenAPI document the health endpoints, which live outside this package: /health is open,
 * /health/detailed and /webhooks/health need the bearer token (see {@link PublicPaths}).
 */
public class OpenApiFilter implements OASFilter {

    private static final Map<String, String> HEALTH = Map.of(
            "/health", "Simple health: Redis reachable (open, no token)",
            "/health/detailed", "Detailed health: queue, workers, browsers, Redis",
            "/webhooks/health", "Webhook backlog: pending, delivered, failed, dead; 503 when stuck");

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
    }
}
