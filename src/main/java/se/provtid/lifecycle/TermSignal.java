package se.provtid.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * Treats SIGTERM (Kubernetes, systemd, kill) as a request for an orderly stop that exits 0 once the
 * workers have handed their jobs back, instead of the JVM's default exit status 143.
 */
@Singleton
public class TermSignal {

    private static final Logger LOG = Logger.getLogger(TermSignal.class);

    private final Event<StopRequested> stopRequested;

    public TermSignal(Event<StopRequested> stopRequested) {
        this.stopRequested = stopRequested;
    }

    void install(@Observes StartupEvent ev) {
        try {
            Signal.handle(new Signal("TERM"), sig -> {
                LOG.info("SIGTERM: stopping gracefully");
                try {
                    // Before the exit: the embedded simulator's HTTP server may close before the workers' stop runs.
                    stopRequested.fire(new StopRequested());
                } finally {
                    Quarkus.asyncExit(0);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debugf("SIGTERM handler not installed: %s", e.getMessage());
        }
    }
}
