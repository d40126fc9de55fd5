package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.queue.ApiOnlyProfile;
import se.provtid.site.Hold;
import se.provtid.site.Occasion;
import se.provtid.site.ScriptedBookingSite;
import se.provtid.site.ScriptedBookingSite.Step;
import se.provtid.site.SiteException;
import se.provtid.support.MutableClock;
import se.provtid.support.TestJobs;

/** Holding a slot against a scripted site: a hold is asked for once, and after a timeout the site's holds decide. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class ReservationTests {

    private static final Duration HOLD = Duration.ofMinutes(15);

    @Inject
    ClaimedJob.Parts parts;

    private final MutableClock clock = MutableClock.atNow();
    private final Occasion slot = ScriptedBookingSite.occasion(501, ClaimedJob.PLACE, "Uppsala",
            TestJobs.TODAY.plusDays(12), "09:40");
    private ScriptedBookingSite site;
    private ClaimedJob job;
    private Reservation reservation;

    @BeforeEach
    void claim() {
        site = new ScriptedBookingSite(clock, HOLD, ClaimedJob.PERSON).offer(slot);
        job = ClaimedJob.reserving(parts, false);
        reservation = new Reservation(job.id, job.store, job.report, job.retry);
    }

    @AfterEach
    void end() {
        job.close();
    }

    @Test
    void aFreeSlotIsHeldOnceAndTheHoldIsNotedOnTheJob() {
        String expires = reservation.hold(site, job.target, slot);
        assertEquals(clock.instant().plus(HOLD).toString(), expires);
        assertEquals(1, site.reserveCalls());
        assertEquals("501", job.job().heldSlot().examinationId());
        assertEquals(expires, job.job().heldSlot().reservationExpires());
    }

    @Test
    void aSlotSomeoneElseTookFirstIsNoHoldAndNothingIsNoted() {
        site.takenByOthers(slot.examinationId());
        assertNull(reservation.hold(site, job.target, slot));
        assertEquals(1, site.reserveCalls(), "not asked again");
        assertFalse(job.store.holdsSlot(job.id));
    }

    @Test
    void aReserveThatTimedOutAfterHoldingIsFoundInTheSitesHoldsAndNotAskedAgain() {
        site.reserving(Step.TIMES_OUT_DONE).readsTimeOut(1); // and the first look at the holds times out too
        String expires = reservation.hold(site, job.target, slot);
        assertEquals(clock.instant().plus(HOLD).toString(), expires);
        assertEquals(1, site.reserveCalls(), "a hold is never asked for blindly again");
        assertEquals(expires, job.job().heldSlot().reservationExpires());
    }

    @Test
    void aReserveThatTimedOutWithoutHoldingIsNoHoldAndNotAskedAgain() {
        site.reserving(Step.TIMES_OUT_UNDONE);
        assertNull(reservation.hold(site, job.target, slot));
        assertEquals(1, site.reserveCalls());
        assertFalse(job.store.holdsSlot(job.id));
    }

    @Test
    void aRefusedReserveEndsTheAttempt() {
        site.reserving(Step.REFUSED);
        SiteException e = assertThrows(SiteException.class, () -> reservation.hold(site, job.target, slot));
        assertEquals(400, e.status());
        assertFalse(job.store.holdsSlot(job.id));
    }

    @Test
    void aHoldIsGoneOnceItsTimeIsUp() {
        reservation.hold(site, job.target, slot);
        clock.advance(HOLD.minusSeconds(1));
        assertNotNull(reservation.find(site, slot.examinationId()), "still held a second before it lapses");
        clock.advance(Duration.ofSeconds(1));
        assertNull(reservation.find(site, slot.examinationId()));
    }

    @Test
    void aResumedJobTakesUpItsOwnHoldOnlyWhenItFitsTheJob() {
        Occasion elsewhere = ScriptedBookingSite.occasion(502, 999, "Kiruna", TestJobs.TODAY.plusDays(12), "10:00");
        site.alreadyHeld(elsewhere);
        assertNull(reservation.resumable(site, job.target, false), "this job never held anything: the hold is not its");

        reservation.hold(site, job.target, slot);
        Hold resumed = reservation.resumable(site, job.target, false);
        assertNotNull(resumed);
        assertEquals(slot.examinationId(), resumed.occasion().examinationId(), "the hold at the job's own place");

        site.lapse(slot.examinationId());
        assertNull(reservation.resumable(site, job.target, false), "a hold elsewhere does not fit the job");
        assertTrue(job.store.holdsSlot(job.id), "the job's note stays until the job moves on");
    }

    @Test
    void aResumedJobAsksTheSiteEvenWhenItsRecordOfTheHoldWasLost() {
        // As after a Redis failover: the site holds the slot for the person, the job's record of it is gone.
        site.alreadyHeld(slot);
        assertNull(reservation.resumable(site, job.target, false), "without a record, a first attempt does not ask");
        Hold found = reservation.resumable(site, job.target, true);
        assertNotNull(found, "a resumed job finds the hold at the site");
        assertEquals(slot.examinationId(), found.occasion().examinationId());
    }
}
