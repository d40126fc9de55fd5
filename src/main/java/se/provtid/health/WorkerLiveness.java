package se.provtid.health;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import se.provtid.config.ProvtidConfig;
import se.provtid.worker.WorkerPool;

/**
 * Live only while this process's workers still claim jobs and beat: a stuck worker is one to restart. The probe
 * is open (no token), so it answers its name and status only; why it is down is in {@code /health/detailed}.
 */
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
        return HealthCheckResponse.named("workers").status(problem() == null).build();
    }

    /** Why this process's workers are not live, or null when they are (or it runs none). */
    public String problem() {
        if (!config.role().runsWorker()) {
            return null;
        }
        long maxSilence = 3 * config.worker().heartbeatInterval().toMillis();
        return problem(workers.vitals(), System.currentTimeMillis(), maxSilence);
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
