package se.provtid.health;

import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserHost;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.JobQueue;
import se.provtid.worker.WorkerPool;

/** The original design's health endpoints: {@code /health} (simple) and {@code /health/detailed}. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class HealthResource {

    private final RedisDataSource redis;
    private final JobQueue queue;
    private final WorkerPool workers;
    private final BrowserFleet fleet;
    private final ProvtidConfig config;

    public HealthResource(RedisDataSource redis, JobQueue queue, WorkerPool workers, BrowserFleet fleet,
            ProvtidConfig config) {
        this.redis = redis;
        this.queue = queue;
        this.workers = workers;
        this.fleet = fleet;
        this.config = config;
    }

    @GET
    public Response simple() {
        boolean ok = redisUp();
        return Response.status(ok ? 200 : 503).entity(Map.of("status", ok ? "healthy" : "unhealthy",
                "timestamp", Instant.now().toString())).build();
    }

    @GET
    @Path("detailed")
    public Response detailed() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> redisInfo = new LinkedHashMap<>();
        boolean up = redisUp();
        redisInfo.put("status", up ? "up" : "down");
        Map<String, Object> queueInfo = new LinkedHashMap<>();
        if (up) {
            queueInfo.put("queued", queue.queuedCount());
            queueInfo.put("running", queue.runningCount());
            queueInfo.put("max_concurrent_jobs", config.worker().maxConcurrentJobs());
            queueInfo.put("live_workers", queue.liveWorkers());
        }
        Map<String, Object> worker = new LinkedHashMap<>();
        worker.put("role", config.role().name());
        worker.put("running", workers.isRunning());
        worker.put("worker_id", workers.workerId());
        worker.put("active_jobs", workers.activeJobs());
        worker.put("concurrency", config.worker().concurrency());
        List<Map<String, Object>> hosts = fleet.hosts().stream().map(HealthResource::host).toList();
        out.put("status", up ? "healthy" : "unhealthy");
        out.put("timestamp", Instant.now().toString());
        out.put("uptime_seconds", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        out.put("redis", redisInfo);
        out.put("queue", queueInfo);
        out.put("worker", worker);
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

    private boolean redisUp() {
        try {
            return "PONG".equalsIgnoreCase(redis.execute("PING").toString());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
