package se.provtid.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserHost;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;

/** The browser hosts of this process (engine, version, contexts, jobs, age, memory) and their cleanup. */
@Tag(name = "operations")
@SecurityRequirement(name = ApiDocs.BEARER)
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class BrowserStatusResource {

    /** Closing contexts and browsers waits on their host threads: done off the event loop. */
    private static final ExecutorService CLEANUP = Executors.newVirtualThreadPerTaskExecutor();

    private final BrowserFleet fleet;
    private final ProvtidConfig.Browser config;

    public BrowserStatusResource(BrowserFleet fleet, ProvtidConfig config) {
        this.fleet = fleet;
        this.config = config.browser();
    }

    @Operation(summary = "This process's browser hosts and their contexts")
    @APIResponse(responseCode = "200", description = "Hosts, contexts, memory")
    @GET
    @Path("browser-sessions")
    public Map<String, Object> browserSessions() {
        List<BrowserHost> hosts = fleet.hosts();
        // Plain loops, not method references: linking BrowserHost::contexts would load BrowserHost, and through it
        // Playwright, in an api process, which runs no browser (ApiRoleWithoutPlaywrightIT holds this).
        List<Map<String, Object>> list = new ArrayList<>();
        long memory = 0;
        int contexts = 0;
        for (BrowserHost h : hosts) {
            list.add(host(h));
            memory += Math.max(0, h.memoryKib()) + Math.max(0, h.driverKib());
            contexts += h.contexts();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", Instant.now().toString());
        out.put("hosts_running", hosts.size());
        out.put("contexts_open", contexts);
        out.put("memory_mib", memory / 1024);
        out.put("max_instances", config.maxInstances());
        out.put("contexts_per_host", config.contextsPerHost());
        out.put("retire_after_contexts", config.retireAfterContexts());
        out.put("memory_limit_mib", config.memoryLimitMib());
        out.put("engines", config.engines());
        out.put("hosts", list);
        return out;
    }

    @Operation(summary = "Close leaked contexts, broken hosts and idle hosts")
    @APIResponse(responseCode = "200", description = "What was closed")
    /** Closes leaked contexts, broken hosts and hosts without contexts; answers what it closed. */
    @POST
    @Path("maintenance/cleanup")
    public Uni<Map<String, Object>> cleanup() {
        return Uni.createFrom().item(fleet::cleanup).runSubscriptionOn(CLEANUP).map(BrowserStatusResource::cleaned);
    }

    private static Map<String, Object> cleaned(BrowserFleet.Cleanup c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("closed_contexts", c.contexts().size());
        out.put("closed_hosts", c.hosts().size());
        out.put("contexts", c.contexts());
        out.put("hosts", c.hosts());
        return out;
    }

    private static Map<String, Object> host(BrowserHost h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("engine", h.engine() == null ? null : h.engine().name());
        m.put("version", h.version());
        m.put("state", h.broken() != null ? "broken" : h.draining() != null ? "draining" : "ready");
        m.put("reason", h.broken() != null ? h.broken() : h.draining());
        m.put("contexts", h.contexts());
        m.put("contexts_served", h.contextsServed());
        m.put("jobs", h.sessions().stream().map(BrowserStatusResource::session).toList());
        m.put("started_at", h.startedAt().toString());
        m.put("age_seconds", Duration.between(h.startedAt(), Instant.now()).toSeconds());
        m.put("memory_mib", mib(h.memoryKib()));
        m.put("driver_memory_mib", mib(h.driverKib()));
        m.put("browser_pid", h.browserPid() > 0 ? h.browserPid() : null);
        return m;
    }

    private static Map<String, Object> session(BrowserSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", s.jobId());
        m.put("opened_at", s.openedAt().toString());
        m.put("last_used_at", s.lastUsed().toString());
        m.put("page", s.parked() ? "parked" : "open");
        m.put("leaked", s.leaked());
        return m;
    }

    private static Long mib(long kib) {
        return kib < 0 ? null : kib / 1024;
    }
}
