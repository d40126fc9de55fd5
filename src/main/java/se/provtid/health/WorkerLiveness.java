package se.provtid.health;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import se.provtid.config.ProvtidConfig;
import se.provtid.worker.WorkerPool;

/** Live only while this process's workers still claim jobs and beat: a stuck worker is one to restart. */
@Liveness
@Singleton
public class WorkerLiveness implements HealthCheck {

    private final WorkerPool workers;
    private final ProvtidConfig config;

    public WorkerLiveness(WorkerPool workers, ProvtidConfig config) {
        this.workers = workers;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        if (!config.role().runsWorker()) {
            return HealthCheckResponse.named("workers").up().withData("role", config.role().name()).build();
        }
        long maxSilence = 3 * config.worker().heartbeatInterval().toMillis();
        String why = problem(workers.vitals(), System.currentTimeMillis(), maxSilence);
        var r = HealthCheckResponse.named("workers").status(why == null).withData("worker_id", workers.workerId());
        return (why == null ? r : r.withData("reason", why)).build();
    }

    /** Why the workers are not live, or null when they are (a stopping process is not dead). */
    static String problem(WorkerPool.Vitals v, long now, long maxSilenceMillis) {
        if (!v.running()) {
            return null;
        }
        if (!v.claimLoopAlive()) {
            return "the claim loop has stopped";
        }
        if (now - v.lastBeatMillis() > maxSilenceMillis) {
            return "no heartbeat for " + (now - v.lastBeatMillis()) / 1000 + " s";
        }
        return null;
    }
}
