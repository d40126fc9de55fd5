package se.provtid.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The state table: the happy path is allowed, final states are final, skipping ahead is refused. */
class JobStatusTest {

    @Test
    void happyPathMovesAreAllowed() {
        JobStatus[] path = {JobStatus.queued, JobStatus.starting, JobStatus.authenticating, JobStatus.searching,
            JobStatus.reserving, JobStatus.awaiting_confirmation, JobStatus.booking, JobStatus.completed};
        for (int i = 0; i + 1 < path.length; i++) {
            assertTrue(path[i].canMoveTo(path[i + 1]), path[i] + " -> " + path[i + 1]);
        }
        assertTrue(JobStatus.reserving.canMoveTo(JobStatus.booking));
    }

    @Test
    void finalStatesAreFinal() {
        for (JobStatus s : EnumSet.of(JobStatus.completed, JobStatus.failed, JobStatus.cancelled, JobStatus.expired)) {
            for (JobStatus next : JobStatus.values()) {
                assertFalse(s.canMoveTo(next), s + " -> " + next);
            }
        }
    }

    @Test
    void skippingAheadIsRefused() {
        assertFalse(JobStatus.queued.canMoveTo(JobStatus.booking));
        assertFalse(JobStatus.authenticating.canMoveTo(JobStatus.completed));
        assertFalse(JobStatus.searching.canMoveTo(JobStatus.completed));
        assertFalse(JobStatus.queued.canMoveTo(JobStatus.queued));
    }

    @Test
    void aJobWhoseLoginEndsWatchesAndGoesBackToTheQueueOnlyWithoutAWorker() {
        assertEquals(EnumSet.of(JobStatus.authenticating, JobStatus.searching, JobStatus.reserving,
                JobStatus.awaiting_confirmation, JobStatus.booking), JobStatus.sourcesOf(JobStatus.watching));
        assertTrue(JobStatus.watching.canMoveTo(JobStatus.queued));
        assertFalse(JobStatus.watching.canMoveTo(JobStatus.searching), "only a worker's login leads to searching");
        assertFalse(JobStatus.watching.isActive() || JobStatus.watching.isQueued() || JobStatus.watching.isFinal());
        assertEquals(EnumSet.of(JobStatus.watching), JobStatus.watchings());
    }

    @Test
    void anyLiveStateMayFailOrBeCancelled() {
        assertEquals(EnumSet.of(JobStatus.queued, JobStatus.starting, JobStatus.authenticating, JobStatus.searching,
                JobStatus.reserving, JobStatus.awaiting_confirmation, JobStatus.booking, JobStatus.watching),
                JobStatus.sourcesOf(JobStatus.cancelled));
    }
}
