package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.job.BookingResult;
import se.provtid.job.JobStatus;
import se.provtid.queue.ApiOnlyProfile;
import se.provtid.queue.JobUpdate;
import se.provtid.site.Booked;
import se.provtid.site.Occasion;
import se.provtid.site.ScriptedBookingSite;
import se.provtid.site.ScriptedBookingSite.Step;
import se.provtid.site.SiteException;
import se.provtid.support.MutableClock;
import se.provtid.support.TestJobs;

/**
 * Paying for a hold against a scripted site: exactly once, only while the slot is still held, and after a payment
 * that timed out only when the site's bookings show it did not go through.
 */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class PaymentTests {

    private static final Duration HOLD = Duration.ofMinutes(15);

    @Inject
    ClaimedJob.Parts parts;

    private static final Duration IN_FLIGHT = Duration.ofSeconds(40);

    private final MutableClock clock = MutableClock.atNow();
    private final Occasion slot = ScriptedBookingSite.occasion(601, ClaimedJob.PLACE, "Uppsala",
            TestJobs.TODAY.plusDays(20), "13:05");
    private ScriptedBookingSite site;
    private ClaimedJob job;
    private Reservation reservation;
    private Payment payment;

    @BeforeEach
    void claim() {
        site = new ScriptedBookingSite(clock, HOLD, ClaimedJob.PERSON).offer(slot);
        job = ClaimedJob.reserving(parts, true);
        reservation = new Reservation(job.id, job.store, job.report, job.retry);
        payment = new Payment(job.id, job.store, job.report, job.retry, reservation, clock, IN_FLIGHT, clock::advance);
    }

    @AfterEach
    void end() {
        job.close();
    }

    @Test
    void aHeldSlotIsPaidOnceAndTheJobCompletesWithTheBooking() {
        hold();
        assertTrue(payment.pay(site, job.target, slot));
        assertEquals(1, site.payCalls());
        List<Booked> booked = site.booked();
        assertEquals(1, booked.size());
        assertCompletedWith(booked.getFirst().bookingId(), "OCR-" + booked.getFirst().bookingId());
        assertNull(job.job().heldSlot(), "nothing held any more");
        assertNull(job.store.payingExamination(job.id), "the payment is settled");
        assertEquals(1, job.events("booking_completed").size());
    }

    @Test
    void aHoldThatLapsedBeforePaymentIsNotPaidAndTheJobSearchesAgain() {
        hold();
        clock.advance(HOLD); // the site's hold ran out: the slot may be someone else's by now
        assertFalse(payment.pay(site, job.target, slot));
        assertEquals(0, site.payCalls(), "nothing is paid for a slot no longer held");
        assertEquals(JobStatus.searching, job.status());
        assertNull(job.job().heldSlot());
        assertTrue(site.booked().isEmpty());
    }

    @Test
    void aPaymentThatTimedOutButWentThroughIsNotPaidAgain() {
        hold();
        site.paying(Step.TIMES_OUT_DONE);
        assertTrue(payment.pay(site, job.target, slot));
        assertEquals(1, site.payCalls(), "the site's bookings showed the payment: never paid twice");
        assertEquals(1, site.booked().size());
        assertCompletedWith(site.booked().getFirst().bookingId(), "OCR-" + site.booked().getFirst().bookingId());
    }

    @Test
    void aPaymentThatTimedOutUnpaidIsTriedAgainWhileTheSlotIsStillHeld() {
        hold();
        site.paying(Step.TIMES_OUT_UNDONE);
        assertTrue(payment.pay(site, job.target, slot));
        assertEquals(2, site.payCalls());
        assertEquals(1, site.booked().size(), "booked once");
        assertEquals(JobStatus.completed, job.status());
    }

    @Test
    void aHoldThatLapsesWhileAPaymentTimesOutIsNotPaidAgain() {
        hold();
        clock.advance(HOLD.minusSeconds(1));
        // The payment goes out a second before the hold ends and times out after the request timeout.
        site.paying(Step.TIMES_OUT_UNDONE).whilePaying(() -> clock.advance(Duration.ofSeconds(20)));
        assertFalse(payment.pay(site, job.target, slot));
        assertEquals(1, site.payCalls());
        assertEquals(JobStatus.searching, job.status());
        assertTrue(site.booked().isEmpty());
    }

    @Test
    void paymentsThatKeepTimingOutEndTheAttemptWithThePaymentStillNoted() {
        hold();
        site.paying(Step.TIMES_OUT_UNDONE, Step.TIMES_OUT_UNDONE, Step.TIMES_OUT_UNDONE);
        SiteException e = assertThrows(SiteException.class, () -> payment.pay(site, job.target, slot));
        assertTrue(e.isTransient(), "the job is queued again, not failed");
        assertEquals(3, site.payCalls());
        assertTrue(site.booked().isEmpty());
        assertEquals(JobStatus.booking, job.status());
        assertEquals(slot.examinationId(), job.store.payingExamination(job.id),
                "the next attempt looks at the site's bookings before it pays");
    }

    @Test
    void aRefusedPaymentIsNotRetried() {
        hold();
        site.paying(Step.REFUSED);
        SiteException e = assertThrows(SiteException.class, () -> payment.pay(site, job.target, slot));
        assertEquals(ScriptedBookingSite.PAYMENT_REFUSED, e.getMessage());
        assertEquals(1, site.payCalls());
    }

    @Test
    void aFailingSummaryDoesNotUndoTheBooking() {
        hold();
        site.summaryFails();
        assertTrue(payment.pay(site, job.target, slot));
        String bookingId = site.booked().getFirst().bookingId();
        assertCompletedWith(bookingId, bookingId);
    }

    @Test
    void aResumedJobFindsThePaymentItMadeBeforeTheInterruptionAndPaysNothing() {
        job.report.save(JobUpdate.of().paying(slot.examinationId(), clock.instant().minus(IN_FLIGHT))); // then died
        site.alreadyBooked(slot, "PAID-BEFORE").readsTimeOut(1);
        assertTrue(payment.finishEarlier(site, job.target));
        assertEquals(0, site.payCalls());
        assertCompletedWith("PAID-BEFORE", "OCR-PAID-BEFORE");
    }

    @Test
    void aResumedJobWaitsOutAPaymentThatMayStillBeInFlightAndFindsItLanded() {
        // The attempt that began it lost its lease (a Redis failover) but is still waiting for the site's answer.
        job.report.save(JobUpdate.of().paying(slot.examinationId(), clock.instant().minusSeconds(5)));
        java.util.concurrent.atomic.AtomicReference<Duration> waited = new java.util.concurrent.atomic.AtomicReference<>();
        Payment resumed = new Payment(job.id, job.store, job.report, job.retry, reservation, clock, IN_FLIGHT, d -> {
            waited.set(d);
            clock.advance(d);
            site.alreadyBooked(slot, "LANDED-LATE"); // the old attempt's payment went through meanwhile
        });
        assertTrue(resumed.finishEarlier(site, job.target));
        assertEquals(IN_FLIGHT.minusSeconds(5), waited.get(), "until the payment cannot be in flight any more");
        assertEquals(0, site.payCalls(), "nothing paid twice");
        assertCompletedWith("LANDED-LATE", "OCR-LANDED-LATE");
    }

    @Test
    void aResumedJobWhosePaymentDidNotGoThroughForgetsItAndGoesOn() {
        job.report.save(JobUpdate.of().paying(slot.examinationId(), clock.instant().minus(IN_FLIGHT)));
        assertFalse(payment.finishEarlier(site, job.target));
        assertNull(job.store.payingExamination(job.id));
        assertEquals(JobStatus.reserving, job.status());
        assertEquals(0, site.payCalls());
    }

    @Test
    void aJobThatWasNotPayingHasNothingToFinish() {
        site.alreadyBooked(slot, "SOMEONE-ELSES-JOB");
        assertFalse(payment.finishEarlier(site, job.target), "only a payment this job noted counts");
        assertEquals(JobStatus.reserving, job.status());
    }

    private void hold() {
        assertTrue(reservation.hold(site, job.target, slot) != null, "the scripted site holds the slot");
    }

    private void assertCompletedWith(String bookingId, String confirmation) {
        assertEquals(JobStatus.completed, job.status());
        BookingResult r = job.job().result();
        assertEquals(bookingId, r.bookingId());
        assertEquals(confirmation, r.confirmationNumber());
        assertEquals(slot.date().toString(), r.examDate());
        assertEquals("Uppsala", r.location());
    }
}
