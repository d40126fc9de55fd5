package se.provtid.health;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import se.provtid.webhook.WebhookHealth;

/** {@code GET /webhooks/health}: public like /health; 503 when the backlog is stuck or Redis is unreachable. */
@Path("/webhooks/health")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookHealthResource {

    private final WebhookHealth health;

    public WebhookHealthResource(WebhookHealth health) {
        this.health = health;
    }

    @GET
    public Uni<Response> get() {
        return health.snapshot().map(body -> {
            body.put("timestamp", Instant.now().toString());
            return Response.status("stuck".equals(body.get("status")) ? 503 : 200).entity(body).build();
        }).onFailure().recoverWithItem(() -> Response.status(503).entity(Map.of("status", "unhealthy", "detail",
                "Redis is unreachable", "timestamp", Instant.now().toString())).build());
    }
}
