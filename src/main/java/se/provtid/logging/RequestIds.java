package se.provtid.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every HTTP request an id: the caller's {@code X-Request-Id} when it is sane (1 to 128 visible ASCII
 * characters, nothing {@link Redaction} would mask), else a new one; echoed in the response's {@code X-Request-Id}. It goes into the MDC as
 * {@code request_id} and {@code trace_id} (OpenTelemetry's trace id when tracing is on, else the request id), and a job id
 * in the path as {@code job_id}. Runs first, on the event loop, in the request's duplicated Vert.x context, which is
 * where Quarkus keeps the MDC of a request (it follows the request onto worker threads and is dropped with it).
 */
@Singleton
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final String JOB = "job_";
    /** "job_" and 24 lower-case hex digits. */
    private static final int JOB_ID_LENGTH = JOB.length() + 24;

    void register(@Observes Filters filters) {
        filters.register(this::handle, 10_000);
    }

    void handle(RoutingContext rc) {
        String given = rc.request().getHeader(HEADER);
        String id = accept(given) ? given : generate();
        rc.response().putHeader(HEADER, id);
        MDC.put(LogContext.REQUEST_ID, id);
        SpanContext span = Span.current().getSpanContext();
        MDC.put(LogContext.TRACE_ID, span.isValid() ? span.getTraceId() : id);
        String job = jobIn(rc.request().path());
        if (job != null) {
            MDC.put(LogContext.JOB_ID, job);
        }
        if (!VertxContext.isOnDuplicatedContext()) {
            // Not a request-scoped context: the MDC is the thread's, so clear it when the request ends.
            rc.addEndHandler(v -> {
                MDC.remove(LogContext.REQUEST_ID);
                MDC.remove(LogContext.TRACE_ID);
                MDC.remove(LogContext.JOB_ID);
            });
        }
        rc.next();
    }

    /**
     * The first job id in the path that stands alone (no letter or digit right before or after it), or null. A
     * scan rather than a pattern with look-arounds: it runs on every request.
     */
    static String jobIn(String path) {
        if (path == null) {
            return null;
        }
        for (int at = path.indexOf(JOB); at >= 0; at = path.indexOf(JOB, at + 1)) {
            int end = at + JOB_ID_LENGTH;
            if (end <= path.length() && (at == 0 || !alphanumeric(path.charAt(at - 1)))
                    && (end == path.length() || !alphanumeric(path.charAt(end))) && lowerHex(path, at + JOB.length(), end)) {
                return path.substring(at, end);
            }
        }
        return null;
    }

    private static boolean lowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean accept(String value) {
        return value != null && SANE.matcher(value).matches() && Redaction.redact(value) == value;
    }

    static String generate() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
