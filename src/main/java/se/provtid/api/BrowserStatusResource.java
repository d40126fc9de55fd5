package se.provtid.api;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import se.provtid.service.BrowserStatus;

/** The browser hosts of this process (engine, version, contexts, jobs, age, memory) and their cleanup. */
@Tag(name = "operations")
@SecurityRequirement(name = ApiDocs.BEARER)
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class BrowserStatusResource {

    private final BrowserStatus status;

    public BrowserStatusResource(BrowserStatus status) {
        this.status = status;
    }

    @Operation(summary = "This process's browser hosts and their contexts")
    @APIResponse(responseCode = "200", description = "Hosts, contexts, memory")
    @GET
    @Path("browser-sessions")
    public Map<String, Object> browserSessions() {
        return status.sessions();
    }

    @Operation(summary = "Close leaked contexts, broken hosts and idle hosts")
    @APIResponse(responseCode = "200", description = "What was closed")
    /** Closes leaked contexts, broken hosts and hosts without contexts; answers what it closed. */
    @POST
    @Path("maintenance/cleanup")
    public Uni<Map<String, Object>> cleanup() {
        return status.cleanup();
    }
}
