package se.provtid.sim;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.SimulatorRegistry;

/**
 * Refuses a second process whose workers use their own embedded simulator on the same Redis and key prefix: the two
 * would take each other's jobs, and a person's scan on one page would reach the other's simulator and be refused.
 * Processes that share one simulator (workers with SITE_BASE_URL pointing at it) and prod (no simulator) are not
 * concerned.
 */
@Singleton
public class EmbeddedSimulatorGuard {

    private static final Logger LOG = Logger.getLogger(EmbeddedSimulatorGuard.class);
    /** Long enough for a few missed beats; short enough that a successor of a killed demo waits little. */
    static final Duration TTL = Duration.ofSeconds(15);

    private final SimulatorRegistry registry;
    private final boolean applies;
    private final String prefix;
    /** "pid@host": the same process after a restart in one JVM (tests, dev mode) is not another process. */
    private final String process;
    private final String owner;
    private volatile boolean holding;

    public EmbeddedSimulatorGuard(ProvtidConfig config, SimulatorRegistry registry) {
        this.registry = registry;
        this.applies = config.sim().enabled() && config.role().runsWorker()
                && config.site().baseUrl().orElse("").isBlank();
        this.prefix = config.redis().keyPrefix();
        this.process = ManagementFactory.getRuntimeMXBean().getName();
        this.owner = process + " (http port "
                + ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", String.class).orElse("8080") + ")";
    }

    void register(@Observes @Priority(2) StartupEvent ev) {
        if (!applies) {
            return;
        }
        Optional<String> other = registry.claim(owner, TTL);
        if (other.isPresent() && !other.get().startsWith(process + " ")) {
            String why = refusal(other.get());
            LOG.error(why);
            throw new IllegalStateException("Provtid refuses to start: " + why);
        }
        if (other.isPresent()) {
            registry.replace(owner, TTL); // this process's own, from before a restart in the same JVM
        }
        holding = true;
    }

    /** The one sentence a second demo process prints before it stops. */
    String refusal(String other) {
        return "Another Provtid process (" + other + ") runs the embedded simulator for REDIS_KEY_PREFIX '" + prefix
                + "' on this Redis, so the two would take each other's jobs and refuse each other's BankID scans: "
                + "stop it, or start this one with another REDIS_KEY_PREFIX or Redis database (its registration "
                + "lapses " + TTL.toSeconds() + " s after it stops).";
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        if (!holding) {
            return;
        }
        try {
            registry.renew(owner, TTL).ifPresent(other -> LOG.errorf(
                    "the embedded simulator's registration for REDIS_KEY_PREFIX '%s' now names %s: two processes "
                            + "with their own simulator share this Redis; stop one",
                    prefix, other));
        } catch (RuntimeException e) {
            // Redis away for a moment: the next beat renews; the TTL covers a few missed ones.
            LOG.warnf("could not renew the embedded simulator's registration (%s)", e.getClass().getSimpleName());
        }
    }

    void release(@Observes ShutdownEvent ev) {
        if (holding) {
            holding = false;
            try {
                registry.release(owner);
            } catch (RuntimeException e) {
                // Stopping goes on: the registration lapses by its TTL.
                LOG.warnf("could not release the embedded simulator's registration (%s)", e.getClass().getSimpleName());
            }
        }
    }
}
