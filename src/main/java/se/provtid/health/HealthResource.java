package se.provtid.health;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.Liveness;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserHost;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.QueueStats;
import se.provtid.worker.WorkerPool;

/** The original design's health endpoints: {@code /health} (simple) and {@code /health/detailed}; non-blocking. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    /** The simple answer. */
    public record Simple(String status, String timestamp) {
    }

    private final QueueStats stats;
    private final WorkerPool workers;
    private final BrowserFleet fleet;
    private final ProvtidConfig config;
    private final WorkerLiveness liveness;

    public HealthResource(QueueStats stats, WorkerPool workers, BrowserFleet fleet, ProvtidConfig config,
            @Liveness WorkerLiveness liveness) {
        this.stats = stats;
        this.workers = workers;
        this.fleet = fleet;
        this.config = config;
        this.liveness = liveness;
    }

    @GET
    public Uni<Response> simple() {
        return stats.ping().map(ok -> Response.status(ok ? 200 : 503)
                .entity(new Simple(ok ? "healthy" : "unhealthy", Instant.now().toString())).build());
    }

    @GET
    @Path("detailed")
    public Uni<Response> detailed() {
        return stats.ping().flatMap(up -> up
                ? stats.figures().map(f -> detailed(true, f)).onFailure().recoverWithItem(() -> detailed(false, null))
                : Uni.createFrom().item(detailed(false, null)));
    }

    private Response detailed(boolean up, QueueStats.Figures figures) {
        Map<String, Object> queueInfo = new LinkedHashMap<>();
        if (figures != null) {
            queueInfo.put("queued", figures.queued());
            queueInfo.put("running", figures.running());
            queueInfo.put("max_concurrent_jobs", config.worker().maxConcurrentJobs());
            queueInfo.put("live_workers", figures.liveWorkers());
        }
        Map<String, Object> worker = new LinkedHashMap<>();
        worker.put("role", config.role().name());
        worker.put("running", workers.isRunning());
        worker.put("worker_id", workers.workerId());
        // The liveness probe's detail (it answers UP or DOWN only, being open).
        String notLive = liveness.problem();
        worker.put("live", notLive == null);
        worker.put("not_live_because", notLive);
        worker.put("active_jobs", workers.activeJobs());
        worker.put("concurrency", workers.concurrency());
        List<Map<String, Object>> hosts = fleet.hosts().stream().map(HealthResource::host).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", up ? "healthy" : "unhealthy");
        out.put("timestamp", Instant.now().toString());
        out.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        out.put("redis", Map.of("status", up ? "up" : "down"));
        out.put("queue", queueInfo);
        out.put("worker", worker);
        if (figures != null) {
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("requests_per_second", config.site().requestsPerSecond());
            site.put("burst", config.site().burst());
            site.put("paused", figures.sitePausedUntil() > 0);
            site.put("paused_until", figures.sitePausedUntil() > 0
                    ? Instant.ofEpochMilli(figures.sitePausedUntil()).toString() : null);
            out.put("site", site);
        }
        out.put("browsers", Map.of("hosts", hosts, "max_instances", config.browser().maxInstances(),
                "contexts_per_host", config.browser().contextsPerHost()));
        return Response.status(up ? 200 : 503).entity(out).build();
    }

    private static Map<String, Object> host(BrowserHost h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("engine", h.engine() == null ? null : h.engine().name());
        m.put("version", h.version());
        m.put("contexts", h.contexts());
        m.put("contexts_served", h.contextsServed());
        m.put("started_at", h.startedAt().toString());
        return m;
    }
}
