package se.provtid.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.provtid.bankid.AutostartLink;

/** Builds the event envelopes of one job. */
public final class JobEvents {

    private final String jobId;
    private final String userId;

    public JobEvents(String jobId, String userId) {
        this.jobId = jobId;
        this.userId = userId;
    }

    /** A status update: the status, its notice (code, params and the English message) and the progress. */
    public JobEvent status(JobStatus status, Notice notice) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("status", status.name());
        d.put("message", notice.message());
        d.put("progress", status.progress());
        d.put("code", notice.code().name());
        d.put("params", notice.params());
        return event(EventType.status_update, d);
    }

    /**
     * A QR frame as stored: the payload and the order's autostart token and link (same-device login; as private
     * as the payload, so only where QR frames go). Its PNG ({@code qr_code_data}) is drawn when the frame is sent
     * ({@code queue.StoredEvent#json()}), so a frame costs Redis a few hundred bytes, not a 6 KiB image.
     */
    public JobEvent qr(String payload, long sequence, String source, Instant validUntil, String autostartToken) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("qr_payload", payload);
        d.put("sequence", sequence);
        d.put("source", source);
        d.put("valid_until", validUntil.toString());
        if (AutostartLink.present(autostartToken)) {
            d.put("autostart_token", autostartToken);
            d.put("autostart_url", AutostartLink.of(autostartToken));
        }
        return event(EventType.qr_code_update, d);
    }

    public JobEvent slotsFound(List<Slot> slots, boolean awaitingConfirmation) {
        Notice n = Notice.slotHeld(awaitingConfirmation);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("slots", slots);
        d.put("awaiting_confirmation", awaitingConfirmation);
        d.put("message", n.message());
        d.put("code", n.code().name());
        d.put("params", n.params());
        return event(EventType.slots_found, d);
    }

    public JobEvent completed(BookingResult result) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("success", true);
        d.put("booking_result", result);
        return event(EventType.booking_completed, d);
    }

    public JobEvent failed(JobError error) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("success", false);
        d.put("error", error);
        d.put("message", error.message());
        return event(EventType.job_failed, d);
    }

    public JobEvent cancelled(String reason) {
        Notice n = Notice.cancelled(reason);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.put("message", n.message());
        d.put("code", n.code().name());
        d.put("params", n.params());
        return event(EventType.job_cancelled, d);
    }

    /** The job's end without a booking or an error: {@code why} is {@link Notice#qrTimeout} or {@link Notice#datesPassed}. */
    public JobEvent expired(Notice why) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("message", why.message());
        d.put("code", why.code().name());
        d.put("params", why.params());
        return event(EventType.job_expired, d);
    }

    /** The site ended the job's session: the person is asked to log in again ({@link Notice#loginRequired}). */
    public JobEvent loginRequired(Notice why) {
        return event(EventType.login_required, noticeData(why));
    }

    /** A slot fits this watching job: its login starts at once ({@link Notice#slotAvailable}). */
    public JobEvent slotAvailable(Notice notice, Slot slot) {
        Map<String, Object> d = noticeData(notice);
        d.put("slot", slot);
        return event(EventType.slot_available, d);
    }

    private static Map<String, Object> noticeData(Notice n) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("message", n.message());
        d.put("code", n.code().name());
        d.put("params", n.params());
        return d;
    }

    private JobEvent event(EventType type, Map<String, Object> data) {
        return new JobEvent(type, jobId, userId, JobEvent.STAMPED_ON_APPEND, data);
    }
}
