package se.provtid.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

/**
 * On every log handler (console, file, syslog: see {@code quarkus.log.*.filter} in application.properties): masks
 * what {@link Redaction} masks in the formatted message, its parameters and the exception messages, so nothing
 * sensitive reaches a formatter. Drops only the one known repeat of the Redis pools' meters
 * ({@link DuplicateRedisGauge}). In text format it also writes the record's job, worker and
 * request ids into one MDC entry ({@link LogContext#TEXT_KEY}) that the text pattern prints only when present.
 */
@LoggingFilter(name = RedactingFilter.NAME)
public final class RedactingFilter implements Filter {

    public static final String NAME = "provtid-redact";

    private final boolean text;

    public RedactingFilter(@ConfigProperty(name = "log-format", defaultValue = "json") String format) {
        this.text = "text".equals(format);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (DuplicateRedisGauge.matches(record)) {
            return false;
        }
        try {
            redact(record);
            if (text && record instanceof ExtLogRecord ext) {
                String ctx = LogContext.textOf(ext.getMdc(LogContext.JOB_ID), ext.getMdc(LogContext.WORKER_ID),
                        ext.getMdc(LogContext.REQUEST_ID));
                if (!ctx.isEmpty()) {
                    ext.putMdc(LogContext.TEXT_KEY, ctx);
                }
            }
        } catch (RuntimeException e) {
            // Never lose a record to the filter; but never let one through unmasked either.
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage("(log message withheld: it could not be checked for secrets)",
                        ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage("(log message withheld: it could not be checked for secrets)");
            }
            record.setParameters(null);
            record.setThrown(null);
        }
        return true;
    }

    static void redact(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String masked = Redaction.redact(formatted);
            if (masked != formatted) {
                // The formatted text replaces the template, so no parameter is formatted again later.
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else {
            String msg = record.getMessage();
            String masked = Redaction.redact(msg);
            if (masked != msg) {
                record.setMessage(masked);
            }
            Object[] params = record.getParameters();
            if (params != null) {
                Object[] copy = params.clone();
                boolean changed = false;
                for (int i = 0; i < copy.length; i++) {
                    if (copy[i] != null) {
                        String s = String.valueOf(copy[i]);
                        String m = Redaction.redact(s);
                        if (m != s) {
                            copy[i] = m;
                            changed = true;
                        }
                    }
                }
                if (changed) {
                    record.setParameters(copy);
                }
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            Throwable masked = Redaction.redact(thrown);
            if (masked != thrown) {
                record.setThrown(masked);
            }
        }
    }
}
