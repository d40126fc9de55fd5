package se.provtid.queue;

/** The one list of a job hash's field names; only the queue package (and its Lua scripts) spell them. */
final class JobFields {

    static final String ID = "id";
    static final String USER_ID = "user_id";
    static final String REQUEST = "request";
    static final String STATUS = "status";
    static final String MESSAGE = "message";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String ATTEMPTS = "attempts";
    static final String OWNER = "owner";
    static final String RESULT = "result";
    static final String ERROR = "error";
    /** "1" once a caller confirmed the held slot of a job started with auto_book false. */
    static final String CONFIRM = "confirm";
    static final String HELD_SLOT = "held_slot";
    /** The reason of a cancel asked for while the job was paying; the worker cancels at the next safe point. */
    static final String CANCEL_REQUESTED = "cancel_requested";
    /** The key of the user's job index, so the step that ends the job can set it to expire. */
    static final String USER_INDEX = "user_index";
    /** The examination a payment was started for, so a resumed job can tell whether it went through. */
    static final String PAYING = "paying_examination_id";
    /** When that payment was started (epoch ms): an attempt that lost its lease may still be waiting for its answer. */
    static final String PAYING_SINCE = "paying_since";
    /** The sealed, logged-in site session (see worker.SessionVault). */
    static final String SITE_SESSION = "site_session";
    /** Stream ids of the latest status_update and (while authenticating) the latest qr_code_update. */
    static final String LAST_STATUS_ID = "last_status_id";
    static final String LAST_QR_ID = "last_qr_id";
    /** The start request's W3C traceparent, so the workers' spans join its trace. */
    static final String TRACE_PARENT = "trace_parent";
    /** Stream ids of the QR frames still in the stream, oldest first (transition.lua keeps the newest five). */
    static final String RECENT_QR_IDS = "recent_qr_ids";

    /**
     * The open BankID order's autostart token (same-device login), for the status view; as private as a QR code.
     * Set once the order begins; transition.lua and requeue-expired.lua drop it at every change of status.
     */
    static final String AUTOSTART_TOKEN = "autostart_token";

    /** When the job's watch ends (epoch ms): its last date's end or its watch_until, whichever comes first. */
    static final String WATCH_ENDS = "watch_ends";
    /** Set once the person has logged in: a later login whose QR code times out goes back to watching. */
    static final String LOGGED_IN_ONCE = "logged_in_once";
    /** The slot a watching job was told of ({@code search.InboxItem}'s occasion as JSON): tried first after login. */
    static final String OFFERED_SLOT = "offered_slot";

    private JobFields() {
    }
}
