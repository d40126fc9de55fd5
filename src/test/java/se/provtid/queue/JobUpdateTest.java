package se.provtid.queue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import se.provtid.job.BookingResult;

/** Which changes of a job must outlive a Redis failover (and so wait for a replica): a payment begun, a booking. */
class JobUpdateTest {

    @Test
    void aPaymentAboutToBeMadeAndABookingMustSurviveAFailover() {
        assertTrue(JobUpdate.of().paying(42).mustSurviveFailover());
        assertTrue(JobUpdate.of().result(new BookingResult("b1", "c1", "2027-01-10", "10:00", "Uppsala", null))
                .clearPaying().mustSurviveFailover());
    }

    @Test
    void everythingElseNeedNotWaitForAReplica() {
        assertFalse(JobUpdate.of().mustSurviveFailover());
        assertFalse(JobUpdate.of().clearPaying().clearHeldSlot().mustSurviveFailover(), "clearing the record is not it");
        assertFalse(JobUpdate.of().loggedInOnce().confirmRequested().mustSurviveFailover());
    }
}
