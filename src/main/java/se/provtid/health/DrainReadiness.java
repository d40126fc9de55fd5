package se.provtid.health;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once the process has begun to stop: no new traffic while it hands its jobs back. */
@Readiness
@Singleton
public class DrainReadiness implements HealthCheck {

    private volatile boolean draining;

    /** Before anything else stops (the workers hand their jobs back after this). */
    void stopping(@Observes @Priority(1) ShutdownEvent ev) {
        draining = true;
    }

    @Override
    public HealthCheckResponse call() {
        // Name and status only: the probe is open (no token).
        return HealthCheckResponse.named("draining").status(!draining).build();
    }
}
