package se.provtid.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import se.provtid.job.Priority;
import se.provtid.queue.FleetStats;

/**
 * Fleet-wide gauges from Redis (queue depth by priority, running jobs, live workers, site pause, webhook backlog and
 * dead letters), refreshed every few seconds with one round trip, so a scrape never waits on Redis. Every process
 * reports the same figures: alert and graph on {@code max()} across instances, never {@code sum()}.
 */
@Singleton
public class FleetGauges {

    private static final Logger LOG = Logger.getLogger(FleetGauges.class);

    private final FleetOverview overview;
    private final Map<Priority, AtomicLong> queued = new EnumMap<>(Priority.class);
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong watching = new AtomicLong();
    private final AtomicLong workersAlive = new AtomicLong();
    private final AtomicLong sitePaused = new AtomicLong();
    private final AtomicLong webhookBacklog = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    public FleetGauges(FleetOverview overview, MeterRegistry registry) {
        this.overview = overview;
        for (Priority p : Priority.values()) {
            AtomicLong v = new AtomicLong();
            queued.put(p, v);
            Gauge.builder("provtid.queue.depth", v, AtomicLong::get).tag("priority", p.name())
                    .description("Jobs waiting in the fleet's queue, by priority").register(registry);
        }
        gauge(registry, "provtid.jobs.running", running, "Jobs holding a lease in the fleet");
        gauge(registry, "provtid.jobs.watching", watching, "Jobs watching: their site login ended, no worker runs them");
        gauge(registry, "provtid.workers.alive", workersAlive, "Worker processes whose heartbeat is recent");
        gauge(registry, "provtid.site.paused", sitePaused, "1 while the fleet-wide pause of site requests is on");
        gauge(registry, "provtid.webhook.backlog", webhookBacklog, "Jobs with webhook events waiting to be sent");
        gauge(registry, "provtid.webhook.dead.letters", deadLetters, "Webhook dead letters kept for replay");
    }

    private static void gauge(MeterRegistry registry, String name, AtomicLong value, String description) {
        Gauge.builder(name, value, AtomicLong::get).description(description).register(registry);
    }

    /** Reads the figures; a failed read keeps the last ones (Redis down is what readiness and alerts report). */
    @Scheduled(every = "5s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return overview.figures().invoke(this::set).replaceWithVoid().onFailure().recoverWithUni(e -> {
            LOG.debugf("fleet gauges not refreshed: %s", e.getClass().getSimpleName());
            return Uni.createFrom().voidItem();
        });
    }

    private void set(FleetStats.Figures f) {
        f.queued().forEach((p, n) -> queued.get(p).set(n));
        running.set(f.running());
        watching.set(f.watching());
        workersAlive.set(f.workersAlive());
        sitePaused.set(f.sitePaused() ? 1 : 0);
        webhookBacklog.set(f.webhookBacklog());
        deadLetters.set(f.webhookDeadLetters());
    }
}
