package se.provtid.worker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import se.provtid.job.JobStatus;
import se.provtid.queue.ApiOnlyProfile;
import se.provtid.site.Occasion;
import se.provtid.site.ScriptedBookingSite;
import se.provtid.support.MutableClock;
import se.provtid.support.TestJobs;

/**
 * Waiting for the person's confirm of a held slot, on a clock the test moves: a confirm before the hold ends lets the
 * payment go ahead; a hold that lapses unconfirmed sends the job back to searching, without waiting 15 minutes.
 */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
@Timeout(180) // a wait that read the wall clock would sit out the whole 15-minute hold
class ConfirmationWaitTests {

    private static final Duration HOLD = Duration.ofMinutes(15);
    /**
     * Far longer than the wait's half-second polls (and a loaded CI machine's pauses), far shorter than the hold:
     * only a wait that does not notice the clock would take this long.
     */
    private static final Duration NOTICED_WITHIN = TestJobs.WAIT;

    @Inject
    ClaimedJob.Parts parts;

    private final MutableClock clock = MutableClock.atNow();
    private final Occasion slot = ScriptedBookingSite.occasion(701, ClaimedJob.PLACE, "Uppsala",
            TestJobs.TODAY.plusDays(9), "08:15");
    private final String expires = clock.instant().plus(HOLD).toString();
    private ClaimedJob job;

    @AfterEach
    void end() {
        if (job != null) {
            job.close();
        }
    }

    @Test
    void anAutoBookJobPaysAtOnceAndTellsThePersonTheSlotIsHeld() {
        job = ClaimedJob.reserving(parts, true);
        assertTrue(wait(true).approved(slot, expires));
        assertEquals(JobStatus.reserving, job.status(), "no wait for a confirm");
        List<String> found = job.events("slots_found");
        assertEquals(1, found.size());
        assertTrue(found.getFirst().contains("\"awaiting_confirmation\":false"), found.getFirst());
    }

    @Test
    void aConfirmBeforeTheHoldEndsLetsThePaymentGoAhead() throws Exception {
        job = ClaimedJob.reserving(parts, false);
        CompletableFuture<Boolean> approved = inBackground(wait(false));
        awaitStatus(JobStatus.awaiting_confirmation);
        assertEquals(expires, job.job().heldSlot().reservationExpires(), "the person sees until when it is held");
        assertTrue(job.events("slots_found").getFirst().contains("\"awaiting_confirmation\":true"));
        clock.advance(HOLD.minusMinutes(1)); // the person takes their time, but not too long
        given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/booking/confirm/" + job.id).then().statusCode(202);
        assertTrue(approved.get(NOTICED_WITHIN.toSeconds(), TimeUnit.SECONDS));
        assertEquals(JobStatus.awaiting_confirmation, job.status(), "the payment moves it on, not the wait");
    }

    @Test
    void aHoldThatLapsesUnconfirmedSendsTheJobBackToSearching() throws Exception {
        job = ClaimedJob.reserving(parts, false);
        CompletableFuture<Boolean> approved = inBackground(wait(false));
        awaitStatus(JobStatus.awaiting_confirmation);
        clock.advance(HOLD.minusSeconds(1));
        Thread.sleep(1_200); // two polls a second before the end: still waiting
        assertFalse(approved.isDone(), "still held for a second");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(approved.get(NOTICED_WITHIN.toSeconds(), TimeUnit.SECONDS));
        assertEquals(JobStatus.searching, job.status());
        assertNull(job.job().heldSlot());
        assertFalse(job.job().confirmRequested());
    }

    @Test
    void aHoldAlreadyOverIsNotWaitedFor() {
        job = ClaimedJob.reserving(parts, false);
        clock.advance(HOLD);
        assertFalse(wait(false).approved(slot, expires));
        assertEquals(JobStatus.searching, job.status());
        List<String> statuses = job.statuses();
        assertEquals(List.of("reserving", "awaiting_confirmation", "searching"),
                statuses.subList(statuses.size() - 3, statuses.size()), "told, then told it lapsed");
    }

    @Test
    void aJobCancelledWhileWaitingStopsWaiting() throws Exception {
        job = ClaimedJob.reserving(parts, false);
        CompletableFuture<Boolean> approved = inBackground(wait(false));
        awaitStatus(JobStatus.awaiting_confirmation);
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "changed my mind"))
                .post("/api/v1/booking/cancel/" + job.id).then().statusCode(200);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> approved.get(NOTICED_WITHIN.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(JobAbortedException.class, e.getCause());
        assertEquals(JobStatus.cancelled, job.status());
    }

    private ConfirmationWait wait(boolean autoBook) {
        return new ConfirmationWait(job.id, autoBook, job.store, job.report, job.lease, clock);
    }

    private CompletableFuture<Boolean> inBackground(ConfirmationWait w) {
        return CompletableFuture.supplyAsync(() -> w.approved(slot, expires),
                r -> Thread.ofVirtual().name("confirmation-wait").start(r));
    }

    /** Waits (on the wall clock) until the job reaches the state; the wait under test runs on its own thread. */
    private void awaitStatus(JobStatus expected) throws InterruptedException {
        long deadline = System.nanoTime() + NOTICED_WITHIN.toNanos();
        while (job.status() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, job.status());
    }
}
