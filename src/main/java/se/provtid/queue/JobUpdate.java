package se.provtid.queue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import se.provtid.job.BookingResult;
import se.provtid.job.JobError;
import se.provtid.job.Slot;

/** Typed changes to a job's stored fields, applied atomically with a state change by {@link JobStore}. */
public final class JobUpdate {

    /** A field to remove. */
    static final Object REMOVE = new Object();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private JobUpdate() {
    }

    /** No change yet; add some with the methods below. */
    public static JobUpdate of() {
        return new JobUpdate();
    }

    /** When the job's watch ends; a move to watching needs it. */
    public JobUpdate watchEnds(java.time.Instant at) {
        return put(JobFields.WATCH_ENDS, Long.toString(at.toEpochMilli()));
    }

    public JobUpdate loggedInOnce() {
        return put(JobFields.LOGGED_IN_ONCE, "1");
    }

    /** The slot a watching job is told of, as JSON: the job tries it first once the person has logged in again. */
    public JobUpdate offeredSlot(String json) {
        return put(JobFields.OFFERED_SLOT, json);
    }

    public JobUpdate clearOfferedSlot() {
        return put(JobFields.OFFERED_SLOT, REMOVE);
    }

    public JobUpdate heldSlot(Slot slot) {
        return put(JobFields.HELD_SLOT, slot);
    }

    public JobUpdate clearHeldSlot() {
        return put(JobFields.HELD_SLOT, REMOVE);
    }

    /** Records that a payment for this examination is being made (cleared once its outcome is known). */
    public JobUpdate paying(long examinationId) {
        return put(JobFields.PAYING, Long.toString(examinationId));
    }

    public JobUpdate clearPaying() {
        return put(JobFields.PAYING, REMOVE);
    }

    public JobUpdate result(BookingResult result) {
        return put(JobFields.RESULT, result);
    }

    public JobUpdate error(JobError error) {
        return put(JobFields.ERROR, error);
    }

    /** Stores the sealed site session (already encrypted by the caller). */
    public JobUpdate siteSession(String sealed) {
        return put(JobFields.SITE_SESSION, sealed);
    }

    public JobUpdate clearSiteSession() {
        return put(JobFields.SITE_SESSION, REMOVE);
    }

    /** The open BankID order's autostart token; no clearing call: every change of status drops it. */
    public JobUpdate autostartToken(String token) {
        return put(JobFields.AUTOSTART_TOKEN, token);
    }

    public JobUpdate confirmRequested() {
        return put(JobFields.CONFIRM, "1");
    }

    public JobUpdate clearConfirm() {
        return put(JobFields.CONFIRM, REMOVE);
    }

    public JobUpdate cancelRequested(String reason) {
        return put(JobFields.CANCEL_REQUESTED, reason);
    }

    /** Field name to value (a String, an object to serialise as JSON, or {@link #REMOVE}). */
    Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /**
     * Whether a failover must not lose this change: a payment about to be made (a resumed job looks for its booking
     * at the site only when it finds this record) and the booking made. Such changes wait for a replica.
     */
    public boolean mustSurviveFailover() {
        Object paying = fields.get(JobFields.PAYING);
        return paying != null && paying != REMOVE || fields.get(JobFields.RESULT) != null;
    }

    private JobUpdate put(String field, Object value) {
        fields.put(field, value);
        return this;
    }
}
