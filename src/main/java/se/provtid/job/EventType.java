package se.provtid.job;

/** The kinds of event a job produces; the names are the wire names of SSE and webhooks. */
public enum EventType {
    status_update, qr_code_update, slots_found, booking_completed, job_failed, job_cancelled, job_expired,
    login_required, slot_available;

    /** Whether the stream of a job ends after this event. */
    public boolean isFinal() {
        return this == booking_completed || this == job_failed || this == job_cancelled || this == job_expired;
    }
}
