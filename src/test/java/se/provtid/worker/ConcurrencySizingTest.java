package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The worker's concurrency when WORKER_CONCURRENCY is unset: what memory holds, capped, with its reason. */
class ConcurrencySizingTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    private static ConcurrencySizing.Inputs inputs(OptionalInt explicit, long limit, long heap, int job, int cap) {
        return new ConcurrencySizing.Inputs(explicit, limit, "test", heap, job, 500, 10, 10, cap);
    }

    @Test
    void anExplicitValueWins() {
        ConcurrencySizing.Choice c = ConcurrencySizing.choose(inputs(OptionalInt.of(3), 64 * GIB, GIB, 48, 50));
        assertEquals(3, c.jobs());
        assertTrue(c.reason().contains("WORKER_CONCURRENCY=3"), c.reason());
    }

    @Test
    void aLargeMachineRunsWhatMaxConcurrentJobsAllows() {
        // 23 GiB, a quarter of it heap (the JVM's default): room for far more than 50.
        ConcurrencySizing.Choice c = ConcurrencySizing.choose(inputs(OptionalInt.empty(), 23 * GIB, 23 * GIB / 4, 90,
                50));
        assertEquals(50, c.jobs());
        assertTrue(c.reason().contains("capped by MAX_CONCURRENT_JOBS=50"), c.reason());
    }

    @Test
    void aSmallContainerRunsWhatItsMemoryHolds() {
        // 2 GiB limit, 512 MiB heap: 2048 x 0.9 = 1843 - (512 + 256) = 1075 MiB usable.
        // One host (500) + 11 jobs x 48 (528) = 1028 fits; 12 jobs would need 1076.
        ConcurrencySizing.Choice c = ConcurrencySizing.choose(inputs(OptionalInt.empty(), 2 * GIB, 512 * MIB, 48, 50));
        assertEquals(10, c.jobs(), "a host holds 10 contexts; the 11th needs a second host: " + c.reason());
        assertTrue(c.reason().contains("what memory holds"), c.reason());
        assertTrue(c.reason().contains("1075 MiB"), c.reason());
    }

    @Test
    void fitsCountsAHostPerTenJobs() {
        assertEquals(0, ConcurrencySizing.fits(499, 48, 500, 10));
        assertEquals(0, ConcurrencySizing.fits(547, 48, 500, 10));
        assertEquals(1, ConcurrencySizing.fits(548, 48, 500, 10));
        assertEquals(10, ConcurrencySizing.fits(980, 48, 500, 10));
        assertEquals(10, ConcurrencySizing.fits(1527, 48, 500, 10), "an 11th job needs a second host");
        assertEquals(11, ConcurrencySizing.fits(1528, 48, 500, 10));
        assertEquals(20, ConcurrencySizing.fits(1960, 48, 500, 10));
        assertEquals(0, ConcurrencySizing.fits(-5, 48, 500, 10));
    }

    @Test
    void neverLessThanOneJob() {
        ConcurrencySizing.Choice c = ConcurrencySizing.choose(inputs(OptionalInt.empty(), 512 * MIB, 256 * MIB, 48, 50));
        assertEquals(1, c.jobs());
        assertTrue(c.reason().contains("at least 1"), c.reason());
    }

    @Test
    void theBrowserFleetCapsIt() {
        ConcurrencySizing.Choice c = ConcurrencySizing.choose(new ConcurrencySizing.Inputs(OptionalInt.empty(),
                64 * GIB, "test", GIB, 48, 500, 10, 2, 500));
        assertEquals(20, c.jobs());
        assertTrue(c.reason().contains("MAX_BROWSER_INSTANCES x BROWSER_CONTEXTS_PER_HOST=20"), c.reason());
    }
}
