package se.provtid.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Carries a job's trace from the start request to the workers: the request's W3C {@code traceparent} is kept on the
 * job, and each attempt runs in a span that continues it, so the worker's spans join the trace of the start. With
 * tracing off (no OTLP endpoint) every span is a no-op.
 */
@Singleton
public class JobTracing {

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final OpenTelemetry otel;
    private final Tracer tracer;

    public JobTracing(OpenTelemetry otel) {
        this.otel = otel;
        this.tracer = otel.getTracer("se.provtid.worker");
    }

    /** The current span's {@code traceparent} (the start request's), or null when there is no valid span. */
    public static String currentTraceParent() {
        SpanContext c = Span.current().getSpanContext();
        if (!c.isValid()) {
            return null;
        }
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }

    /**
     * Opens the span of one attempt at a job, a child of the start request's span when its traceparent is known,
     * and makes it current on this thread until the returned scope closes.
     */
    public Attempt attempt(String jobId, int attemptNumber, String traceParent) {
        Context parent = traceParent == null ? Context.root()
                : otel.getPropagators().getTextMapPropagator().extract(Context.root(), traceParent, TRACEPARENT);
        Span span = tracer.spanBuilder("job attempt").setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("provtid.job_id", jobId).setAttribute("provtid.attempt", attemptNumber).startSpan();
        return new Attempt(span, span.makeCurrent());
    }

    /** An attempt's span and scope; closing ends both. */
    public record Attempt(Span span, Scope scope) implements AutoCloseable {

        /** The trace id the worker's log lines carry, or null when tracing is off. */
        public String traceId() {
            SpanContext c = span.getSpanContext();
            return c.isValid() ? c.getTraceId() : null;
        }

        /** Marks a step of the job (a phase it entered) on the attempt's span. */
        public void step(String name) {
            span.addEvent(name);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
