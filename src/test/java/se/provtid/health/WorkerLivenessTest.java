package se.provtid.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import se.provtid.worker.WorkerPool;

/** When a worker counts as dead: its claim loop ended, or its heartbeat went silent. */
class WorkerLivenessTest {

    @Test
    void aRunningPoolWithALoopAndRecentBeatsIsLive() {
        assertNull(WorkerLiveness.problem(new WorkerPool.Vitals(true, true, 10_000), 20_000, 30_000));
        assertNull(WorkerLiveness.problem(new WorkerPool.Vitals(false, false, 0), 999_999, 30_000),
                "stopping or not started is not dead");
    }

    @Test
    void aStoppedLoopOrSilentHeartbeatIsNot() {
        assertEquals("the claim loop has stopped",
                WorkerLiveness.problem(new WorkerPool.Vitals(true, false, 10_000), 20_000, 30_000));
        assertEquals("no heartbeat for 40 s",
                WorkerLiveness.problem(new WorkerPool.Vitals(true, true, 10_000), 50_000, 30_000));
    }
}
