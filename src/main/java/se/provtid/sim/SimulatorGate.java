package se.provtid.sim;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import se.provtid.config.ProvtidConfig;

/** Hides the simulator (404) unless it is enabled: it must never be served in production. */
public class SimulatorGate {

    /** Read once: a runtime setting that never changes while the process runs, asked on every request. */
    private final boolean enabled;

    public SimulatorGate(ProvtidConfig config) {
        this.enabled = config.sim().enabled();
    }

    @ServerRequestFilter(preMatching = true)
    public Response gate(ContainerRequestContext ctx) {
        if (enabled) {
            return null;
        }
        String path = ctx.getUriInfo().getPath();
        boolean simPath = path.startsWith("/sim/") || path.regionMatches(true, 0, "/boka/", 0, 6)
                || path.equalsIgnoreCase("/boka");
        return simPath ? Response.status(Response.Status.NOT_FOUND).build() : null;
    }
}
