package se.provtid.logging;

import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Recognises Micrometer's "This Gauge has been already registered" for the Redis client's own gauges, the WARN
 * every start logged. The two pools already have their own tags ({@code pool.name=<default>} and {@code workers}):
 * each pool registers its gauges twice. Quarkus 3.33's two Redis build steps both initialise every named client,
 * and the second pass creates one more client per name that is thrown away ({@code putIfAbsent}) after it
 * registered the same gauges (and the client metrics register theirs again for each new connection). Micrometer
 * keeps the first registration, the live pool's, so the series are right and the WARN gives nothing to act on.
 * Drop this once a Quarkus upgrade initialises each named client once (start with it removed: no WARN).
 */
final class DuplicateRedisGauge {

    private static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
    private static final String MESSAGE = "This Gauge has been already registered (MeterId{name='redis.";

    private DuplicateRedisGauge() {
    }

    static boolean matches(LogRecord record) {
        if (!LOGGER.equals(record.getLoggerName())) {
            return false;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        return message != null && message.startsWith(MESSAGE);
    }
}
