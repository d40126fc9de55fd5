package se.provtid.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.RedisKeys;
import se.provtid.queue.SimulatorRegistry;

/**
 * One embedded simulator per Redis and key prefix, in real Redis: the running app registered its own, and a second
 * instance that finds another process's live registration refuses to start with one sentence naming it.
 */
@QuarkusTest
class EmbeddedSimulatorGuardTests {

    private static final String OTHER = "4242@other-host (http port 8080)";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ProvtidConfig config;

    @Inject
    SimulatorRegistry registry;

    @Test
    void theRunningAppRegisteredItsSimulatorWithATtl() {
        String owner = redis.value(String.class).get(keys.embeddedSimulator());
        assertTrue(owner.startsWith(ManagementFactory.getRuntimeMXBean().getName() + " (http port "), owner);
        long ttl = redis.key().pttl(keys.embeddedSimulator());
        assertTrue(ttl > 0 && ttl <= EmbeddedSimulatorGuard.TTL.toMillis(), "ttl " + ttl);
    }

    @Test
    void aSecondProcessFindingAnotherLiveRegistrationRefusesToStart() {
        redis.value(String.class).psetex(keys.embeddedSimulator(), 10_000, OTHER);
        EmbeddedSimulatorGuard second = new EmbeddedSimulatorGuard(config, registry);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> second.register(null));
        assertEquals("Provtid refuses to start: Another Provtid process (" + OTHER + ") runs the embedded simulator "
                + "for REDIS_KEY_PREFIX '" + keys.prefix() + "' on this Redis, so the two would take each other's jobs "
                + "and refuse each other's BankID scans: stop it, or start this one with another REDIS_KEY_PREFIX or "
                + "Redis database (its registration lapses 15 s after it stops).", refused.getMessage());
        assertEquals(OTHER, redis.value(String.class).get(keys.embeddedSimulator()), "the other's stays");
    }

    @Test
    void theSameProcessRestartedTakesItsRegistrationBackAndALapsedOneIsFree() {
        String mine = ManagementFactory.getRuntimeMXBean().getName() + " (http port 1)";
        redis.value(String.class).psetex(keys.embeddedSimulator(), 10_000, mine);
        new EmbeddedSimulatorGuard(config, registry).register(null); // a restart in this JVM (tests, dev mode)
        redis.key().del(keys.embeddedSimulator()); // the other stopped, or its registration lapsed
        new EmbeddedSimulatorGuard(config, registry).register(null);
        assertTrue(redis.value(String.class).get(keys.embeddedSimulator()).startsWith(
                ManagementFactory.getRuntimeMXBean().getName() + " "));
    }

    /** The app's own registration back, as its heartbeat would renew it. */
    @AfterEach
    void restore() {
        redis.key().del(keys.embeddedSimulator());
        new EmbeddedSimulatorGuard(config, registry).register(null);
    }
}
