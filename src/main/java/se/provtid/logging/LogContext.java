package se.provtid.logging;

import org.jboss.logging.MDC;

/**
 * The MDC keys every log line about a job or a request carries, and a scope that sets them on the current thread
 * (or, on the event loop, the request's duplicated Vert.x context, where Quarkus keeps the MDC) and puts back what
 * was there before.
 */
public final class LogContext implements AutoCloseable {

    public static final String JOB_ID = "job_id";
    public static final String WORKER_ID = "worker_id";
    public static final String REQUEST_ID = "request_id";
    /** The OpenTelemetry trace id when tracing is on; else, on a request, the request id. */
    public static final String TRACE_ID = "trace_id";
    /** Text format only: the ids above as {@code " job_id=... worker_id=..."}, empty when none is set. */
    static final String TEXT_KEY = "provtid_ctx";

    private final Object previousJob;
    private final Object previousWorker;
    private final Object previousTrace;
    private final boolean trace;

    private LogContext(String jobId, String workerId) {
        this.previousJob = MDC.get(JOB_ID);
        this.previousWorker = MDC.get(WORKER_ID);
        this.previousTrace = null;
        this.trace = false;
        put(JOB_ID, jobId);
        put(WORKER_ID, workerId);
    }

    private LogContext(String traceId) {
        this.previousJob = null;
        this.previousWorker = null;
        this.previousTrace = MDC.get(TRACE_ID);
        this.trace = true;
        put(TRACE_ID, traceId);
    }

    /** Sets {@code job_id} and {@code worker_id} (either may be null) until {@link #close()}. */
    public static LogContext job(String jobId, String workerId) {
        return new LogContext(jobId, workerId);
    }

    /** Sets {@code trace_id} (null: none) until {@link #close()}. */
    public static LogContext trace(String traceId) {
        return new LogContext(traceId);
    }

    @Override
    public void close() {
        if (trace) {
            put(TRACE_ID, previousTrace);
            return;
        }
        put(JOB_ID, previousJob);
        put(WORKER_ID, previousWorker);
    }

    private static void put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    static String textOf(String jobId, String workerId, String requestId) {
        StringBuilder b = new StringBuilder();
        append(b, JOB_ID, jobId);
        append(b, WORKER_ID, workerId);
        append(b, REQUEST_ID, requestId);
        return b.toString();
    }

    private static void append(StringBuilder b, String key, String value) {
        if (value != null && !value.isEmpty()) {
            b.append(' ').append(key).append('=').append(value);
        }
    }
}
