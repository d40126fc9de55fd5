package se.provtid.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A text a person may see in an event: a stable {@link Code} and its parameters, which pages render in their own
 * language, and the English {@code message} for logs, operators and clients that show it as is.
 */
public record Notice(Code code, Map<String, Object> params, String message) {

    /**
     * The codes of status updates and slots_found events (docs/api.md, "Codes and parameters"). The names are the
     * wire names: renaming one breaks every page that renders it.
     */
    public enum Code {
        queued, attempt_failed, worker_stopping, lease_expired, opening_site, waiting_for_bankid, logged_in,
        site_slow_down, site_unwell, site_updating, reserving, resuming_hold, slot_taken, hold_lapsed,
        hold_ended_before_payment, holding, booking, found_paid_booking, booked, cancelled, failed, qr_timeout,
        dates_passed, slot_held_booking, slot_held_confirm, slot_went_to_other_job, login_required, slot_available,
        resumed, watch_ended
    }

    public Notice {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static Notice queued() {
        return new Notice(Code.queued, Map.of(), "Queued");
    }

    public static Notice attemptFailed(int attempt, String errorCode) {
        return new Notice(Code.attempt_failed, params("attempt", attempt, "error_code", errorCode),
                "Attempt " + attempt + " failed (" + errorCode + "); trying again");
    }

    public static Notice workerStopping() {
        return new Notice(Code.worker_stopping, Map.of(), "Worker stopping; job queued again");
    }

    /** Written by requeue-expired.lua from this notice's code and message (its params are always empty). */
    public static Notice leaseExpired() {
        return new Notice(Code.lease_expired, Map.of(), "Worker lost; job queued again");
    }

    public static Notice openingSite() {
        return new Notice(Code.opening_site, Map.of(), "Opening the booking site");
    }

    public static Notice waitingForBankId() {
        return new Notice(Code.waiting_for_bankid, Map.of(), "Waiting for BankID: scan the QR code");
    }

    public static Notice loggedIn() {
        return new Notice(Code.logged_in, Map.of(), "Logged in; searching for a slot");
    }

    public static Notice siteSlowDown(int httpStatus, long pauseSeconds) {
        return new Notice(Code.site_slow_down, params("http_status", httpStatus, "pause_seconds", pauseSeconds),
                "The booking site asked us to slow down (HTTP " + httpStatus + "); every worker pauses "
                        + pauseSeconds + " s");
    }

    /** {@code why} goes only into the English message: it may be the site's own text. */
    public static Notice siteUnwell(String why) {
        return new Notice(Code.site_unwell, Map.of(), "The booking site is not answering well (" + why
                + "); retrying");
    }

    public static Notice siteUpdating() {
        return new Notice(Code.site_updating, Map.of(), "The booking site is updating; waiting");
    }

    public static Notice reserving(String location, String date, String time) {
        return new Notice(Code.reserving, slot(location, date, time), "Reserving " + describe(location, date, time));
    }

    public static Notice resumingHold(String location, String date, String time) {
        return new Notice(Code.resuming_hold, slot(location, date, time), "Resuming the hold on "
                + describe(location, date, time));
    }

    /** A freed slot that fitted this job went to another Provtid booking first in the hand-out order. */
    public static Notice slotWentToOtherJob(String location, String date, String time) {
        return new Notice(Code.slot_went_to_other_job, slot(location, date, time), "A free slot at "
                + describe(location, date, time) + " went to another Provtid booking that was first in line "
                + "(higher priority or waiting longer); searching on");
    }

    public static Notice slotTaken() {
        return new Notice(Code.slot_taken, Map.of(), "The slot was taken by someone else; searching again");
    }

    public static Notice holdLapsed() {
        return new Notice(Code.hold_lapsed, Map.of(), "The hold lapsed without confirmation; searching again");
    }

    public static Notice holdEndedBeforePayment() {
        return new Notice(Code.hold_ended_before_payment, Map.of(), "The hold ended before payment; searching again");
    }

    /** {@code until} is the hold's expiry, an ISO-8601 instant. */
    public static Notice holding(String location, String date, String time, String until) {
        Map<String, Object> p = new LinkedHashMap<>(slot(location, date, time));
        p.put("until", until);
        return new Notice(Code.holding, p, "Holding " + describe(location, date, time) + " until " + until
                + "; confirm to book");
    }

    public static Notice booking(String location, String date, String time) {
        return new Notice(Code.booking, slot(location, date, time), "Booking " + describe(location, date, time));
    }

    public static Notice foundPaidBooking() {
        return new Notice(Code.found_paid_booking, Map.of(), "Found the booking paid before the interruption");
    }

    public static Notice booked(String location, String date, String time) {
        return new Notice(Code.booked, slot(location, date, time), "Booked " + describe(location, date, time));
    }

    /** {@code reason} is the canceller's own text (checked at the API: short, no control characters). */
    public static Notice cancelled(String reason) {
        return new Notice(Code.cancelled, params("reason", reason), "Cancelled: " + reason);
    }

    public static Notice failed(JobError error) {
        return new Notice(Code.failed, params("error_code", error.code()), error.message());
    }

    public static Notice qrTimeout(long seconds) {
        return new Notice(Code.qr_timeout, params("seconds", seconds), "Nobody scanned the QR code within " + seconds
                + " s.");
    }

    /** The site ended the session: the job watches until {@code watchEndsAt} (ISO instant) for a new login. */
    public static Notice loginRequired(String watchEndsAt) {
        return new Notice(Code.login_required, params("watch_ends_at", watchEndsAt), "Your login at the booking "
                + "site has ended. Provtid keeps watching your places until " + watchEndsAt
                + "; log in again to book.");
    }

    /** A re-login's QR code was not scanned in time: the job goes back to watching (no expiry). */
    public static Notice qrTimeoutWatching(long seconds) {
        return new Notice(Code.qr_timeout, params("seconds", seconds), "Nobody scanned the QR code within " + seconds
                + " s; watching on: log in again to book.");
    }

    /** A slot that fits a watching job is free: its login starts at once, and it tries the slot first. */
    public static Notice slotAvailable(String location, String date, String time, long scanWithinSeconds) {
        Map<String, Object> p = new LinkedHashMap<>(slot(location, date, time));
        p.put("scan_within_seconds", scanWithinSeconds);
        return new Notice(Code.slot_available, p, "A slot at " + location + " on " + date + " " + time
                + " is free now: scan within " + (scanWithinSeconds >= 120 ? scanWithinSeconds / 60 + " minutes"
                        : scanWithinSeconds + " seconds") + " to try for it");
    }

    public static Notice resumed() {
        return new Notice(Code.resumed, Map.of(), "Logging in again");
    }

    public static Notice watchEnded() {
        return new Notice(Code.watch_ended, Map.of(), "The watch ended (its last date or watch_until came) "
                + "without a booking.");
    }

    public static Notice datesPassed() {
        return new Notice(Code.dates_passed, Map.of(), "Every requested date range has passed.");
    }

    /** The slots_found notice: the slot is held, and the job books it now or waits for a confirm. */
    public static Notice slotHeld(boolean awaitingConfirmation) {
        return awaitingConfirmation ? new Notice(Code.slot_held_confirm, Map.of(), "Slot held; confirm to book it")
                : new Notice(Code.slot_held_booking, Map.of(), "Slot held; booking it");
    }

    /** Parameters in the order given: name, value, name, value, ... */
    static Map<String, Object> params(Object... namesAndValues) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            p.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return p;
    }

    private static Map<String, Object> slot(String location, String date, String time) {
        return params("location", location, "date", date, "time", time);
    }

    /** Place, date and time, e.g. "Uppsala 2026-05-04 09:40". */
    private static String describe(String location, String date, String time) {
        return location + " " + date + " " + time;
    }
}
