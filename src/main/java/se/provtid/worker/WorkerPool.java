package se.provtid.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import se.provtid.browser.BrowserFleet;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.Job;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.lifecycle.StopRequested;
import se.provtid.logging.LogContext;
import se.provtid.login.LoginStarts;
import se.provtid.login.LoginWays;
import se.provtid.login.WarmLogins;
import se.provtid.queue.JobQueue;
import se.provtid.queue.JobStore;
import se.provtid.queue.SitePacer;
import se.provtid.queue.WorkerVitals;
import se.provtid.search.FleetSearch;
import se.provtid.search.SlotClaims;
import se.provtid.service.JobMetrics;
import se.provtid.service.PlaceCatalog;
import se.provtid.site.BookingSites;
import se.provtid.tracing.JobTracing;

/** This process's workers: claims jobs from Redis, runs each on its own virtual thread, keeps their leases alive. */
@Singleton
public class WorkerPool {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);
    /** How long stopping waits, beyond the grace, for the claim loop, a last hand-back and the jobs' threads. */
    private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(5);

    private final ProvtidConfig config;
    private final JobQueue queue;
    private final JobStore store;
    private final BrowserFleet fleet;
    private final JobTracing tracing;
    private final String workerId;
    private final WorkerContext context;
    private final Map<String, Lease> active = new ConcurrentHashMap<>();
    /** Jobs this process runs at once: WORKER_CONCURRENCY, or what its memory holds (chosen at start). */
    private volatile int concurrency;
    private volatile boolean running;
    /** Set once, when the workers start; stopping twice (a SIGTERM, then the shutdown event) stops once. */
    private volatile boolean started;
    /**
     * Jobs whose thread ended after the worker began to stop: they may still hold their lease in Redis (a job that
     * stopped on its own at its next check does not hand itself back), so the hand-back takes them too.
     */
    private final Set<String> endedWhileStopping = ConcurrentHashMap.newKeySet();
    /** False once the worker stops: the claim loop ends before the jobs are told to stop. */
    private volatile boolean claiming;
    private volatile Thread claimLoop;
    private volatile long lastBeat;

    /** What liveness looks at: whether the workers run, their claim loop is alive, and when they last beat. */
    public record Vitals(boolean running, boolean claimLoopAlive, long lastBeatMillis) {
    }

    public WorkerPool(ProvtidConfig config, JobQueue queue, JobStore store, BrowserFleet fleet,
            BookingSites sites, SessionVault vault, SitePacer pacer, JobMetrics metrics, JobTracing tracing,
            PlaceCatalog places, FleetSearch fleetSearch, SlotClaims claims, Clock clock, LoginWays ways,
            MeterRegistry registry) {
        this.config = config;
        this.tracing = tracing;
        this.queue = queue;
        this.store = store;
        this.fleet = fleet;
        this.workerId = ManagementFactory.getRuntimeMXBean().getName().replace('@', '-') + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        LoginStarts starts = new LoginStarts(config.worker().loginStartConcurrency());
        WarmLogins warm = new WarmLogins(fleet, sites, starts, ways, WarmLogins.size(config.browser().warmLogins()),
                clock, registry);
        this.context = new WorkerContext(workerId, store, fleet, sites, vault, pacer, config, metrics,
                places, starts, ways, warm, fleetSearch, claims, clock);
    }

    void start(@Observes StartupEvent ev) {
        if (!config.role().runsWorker()) {
            return;
        }
        ConcurrencySizing.Choice choice = sizing(config, MemoryLimit.detect(), Runtime.getRuntime().maxMemory());
        concurrency = choice.jobs();
        started = true;
        running = true;
        claiming = true;
        lastBeat = System.currentTimeMillis();
        fleet.keepWarm(); // idle hosts ready before the first jobs arrive
        context.warmLogins().start(); // pages opened ahead, for the logins that need one
        claimLoop = Thread.ofVirtual().name("claim-loop").start(this::claimLoop);
        LOG.infof("worker %s started: %d jobs at once here, %d across the fleet (%s); %d open the site at once;"
                + " logins: %s, %d warm when a page is needed", workerId, concurrency,
                config.worker().maxConcurrentJobs(), choice.reason(), context.loginStarts().size(),
                context.loginWays().next(), context.warmLogins().size());
    }

    /** This process's concurrency from the settings, its memory limit and its JVM's heap. */
    static ConcurrencySizing.Choice sizing(ProvtidConfig config, MemoryLimit limit, long heapBytes) {
        OptionalInt explicit = config.worker().concurrency().map(OptionalInt::of)
                .orElse(OptionalInt.empty());
        return ConcurrencySizing.choose(new ConcurrencySizing.Inputs(explicit, limit.bytes(), limit.source(), heapBytes,
                config.worker().jobMemoryMib(), BrowserFleet.HOST_MEMORY_MIB, config.browser().contextsPerHost(),
                config.browser().maxInstances(), config.worker().maxConcurrentJobs()));
    }

    private void claimLoop() {
        boolean redisWasDown = false;
        while (claiming) {
            try {
                String id = active.size() < concurrency ? queue.claim(workerId) : null;
                if (redisWasDown) {
                    LOG.info("Redis reachable again; claiming jobs");
                    redisWasDown = false;
                }
                if (id == null) {
                    Thread.sleep(config.worker().pollInterval());
                    continue;
                }
                launch(id);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!claiming) {
                    return; // interrupted mid-claim by the worker stopping, not Redis failing
                }
                if (!redisWasDown) {
                    LOG.warnf("cannot claim jobs (Redis unreachable?): %s", e.getClass().getSimpleName());
                    redisWasDown = true;
                }
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    private void launch(String id) {
        Job job = store.find(id);
        if (job == null) {
            return;
        }
        Lease lease = new Lease(id, workerId, store, () -> running);
        active.put(id, lease);
        Thread thread = Thread.ofVirtual().name("job-" + id).unstarted(() -> {
            // Every log line of this thread names the job, and the trace its start request began.
            try (LogContext _ = LogContext.job(id, workerId);
                    JobTracing.Attempt attempt = tracing.attempt(id, job.attempts(), store.traceParent(id));
                    LogContext __ = LogContext.trace(attempt.traceId())) {
                new JobRunner(job, context, lease).run();
            } finally {
                if (!running) {
                    endedWhileStopping.add(id); // before leaving active, so the hand-back's list cannot miss it
                }
                active.remove(id);
            }
        });
        lease.runsOn(thread);
        thread.start();
    }

    @Scheduled(every = "${provtid.worker.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (!running) {
            return;
        }
        // Counted when the beat runs, whatever Redis says: an unreachable Redis is no reason to restart a worker.
        lastBeat = System.currentTimeMillis();
        try {
            BrowserFleet.Vitals b = fleet.vitals();
            WorkerVitals vitals = new WorkerVitals(active.size(), concurrency, b.hosts(),
                    b.contexts(), b.memoryBytes());
            for (String lost : queue.heartbeat(workerId, active.keySet(), vitals)) {
                Lease l = active.get(lost);
                if (l != null) {
                    try (LogContext _ = LogContext.job(lost, workerId)) {
                        LOG.warnf("job %s: lease lost, stopping it here", lost);
                    }
                    l.lose();
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("heartbeat failed: %s", e.getClass().getSimpleName());
        }
    }

    /** Returns jobs of dead workers to the queue. Runs in every worker; the Lua script makes it safe to race. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!running) {
            return;
        }
        try {
            for (String id : queue.requeueExpired(100)) {
                try (LogContext _ = LogContext.job(id, null)) {
                    LOG.infof("job %s: lease expired, queued again", id);
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("sweep failed: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * The first step of stopping, as soon as the stop is asked for (SIGTERM, before Quarkus closes anything): from
     * here on a job's failure is no failure of its attempt (the embedded simulator's HTTP server, Redis or the
     * browser may be going away under it) and the job is handed back instead.
     */
    void stopRequested(@Observes StopRequested ev) {
        running = false;
    }

    /**
     * Stops gracefully, while Redis and the browsers are still there (ShutdownEvent observers run before the Redis
     * client extension closes its clients, and this one before the browsers close): no new claims; every job goes
     * back to the queue at once, so another worker resumes it without waiting for the lease to expire; a paying job
     * first gets the grace period to reach a safe point. Returns once the jobs' threads have ended (or the grace is
     * over), so that none of them still runs when the Redis client closes.
     */
    void stop(@Observes @Priority(10) ShutdownEvent ev) {
        if (!started) {
            return;
        }
        started = false;
        context.warmLogins().close();
        long deadline = System.currentTimeMillis() + config.worker().shutdownGrace().toMillis();
        running = false; // first: what fails from now on is handed back, not counted as a failed attempt
        stopClaiming();
        // Every job that holds its lease: those still running here, and those that ended since the stop began
        // (they stopped at their next check and did not hand themselves back).
        Set<String> held = new HashSet<>(active.keySet());
        held.addAll(endedWhileStopping);
        Set<String> handedBack = handBack(held, false, deadline);
        while (!active.isEmpty() && System.currentTimeMillis() < deadline) {
            sleepQuietly(Duration.ofMillis(100));
        }
        Set<String> rest = new HashSet<>(held);
        rest.addAll(active.keySet());
        rest.removeAll(handedBack);
        handBack(rest, true, deadline + HAND_BACK_WAIT.toMillis());
        long threadsDeadline = System.currentTimeMillis() + HAND_BACK_WAIT.toMillis();
        while (!active.isEmpty() && System.currentTimeMillis() < threadsDeadline) {
            sleepQuietly(Duration.ofMillis(50));
        }
        try {
            queue.forgetWorker(workerId);
        } catch (RuntimeException ignored) {
            // Redis may be unreachable at shutdown.
        }
        LOG.infof("worker %s stopped%s", workerId,
                active.isEmpty() ? "" : "; " + active.size() + " jobs still ending");
    }

    /** Ends the claim loop, so that no job starts here after the hand-back has taken its list. */
    private void stopClaiming() {
        claiming = false;
        Thread loop = claimLoop;
        if (loop == null) {
            return;
        }
        loop.interrupt();
        try {
            loop.join(HAND_BACK_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands these jobs back to the queue, all at once (with hundreds running, one after the other would outlast the
     * grace), and stops them here; a paying job only when {@code evenPaying}. Returns the ids it is done with.
     */
    private Set<String> handBack(Set<String> ids, boolean evenPaying, long deadline) {
        Set<String> done = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>(ids.size());
        for (String id : ids) {
            threads.add(Thread.ofVirtual().name("hand-back-" + id).start(() -> {
                if (handBack(id, evenPaying)) {
                    done.add(id);
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return done;
    }

    /** Hands one job back; false when it keeps running here for now (paying, and not {@code evenPaying}). */
    private boolean handBack(String id, boolean evenPaying) {
        try {
            Job job = store.find(id);
            if (job != null && job.status() == JobStatus.booking && !evenPaying) {
                return false;
            }
            if (job != null && job.status().isActive()) {
                new JobReporter(store, job, workerId, context.metrics()).requeue(Notice.workerStopping());
            }
        } catch (RuntimeException e) {
            // Refused (the job ended or moved on meanwhile) or Redis unreachable: the lease sweeper covers the rest.
            LOG.debugf("could not hand back %s: %s", id, e.getClass().getSimpleName());
        }
        Lease l = active.get(id);
        if (l != null) {
            l.lose();
        }
        return true;
    }

    public String workerId() {
        return workerId;
    }

    /** Jobs this process runs at once (0 before the workers started). */
    public int concurrency() {
        return concurrency;
    }

    public int activeJobs() {
        return active.size();
    }

    /** The workers' vitals, for the liveness probe. */
    public Vitals vitals() {
        Thread loop = claimLoop;
        return new Vitals(running, loop != null && loop.isAlive(), lastBeat);
    }

    public boolean isRunning() {
        return running;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
