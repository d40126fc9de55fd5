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
import java.util.regex.Matcher;
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
    private static final Pattern JOB_IN_PATH = Pattern.compile("(?<![0-9a-zA-Z])job_[0-9a-f]{24}(?![0-9a-zA-Z])");

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
        String path = rc.request().path();
        Matcher m = path == null ? null : JOB_IN_PATH.matcher(path);
        if (m != null && m.find()) {
            MDC.put(LogContext.JOB_ID, m.group());
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

    static boolean accept(String value) {
        return value != null && SANE.matcher(value).matches() && Redaction.redact(value) == value;
    }

    static String generate() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
