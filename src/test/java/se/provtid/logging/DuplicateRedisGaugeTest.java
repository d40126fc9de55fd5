package se.provtid.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Only Micrometer's WARN about the Redis pools' second, discarded registration is dropped; nothing else. */
class DuplicateRedisGaugeTest {

    private static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private static ExtLogRecord record(String logger, Level level, String message) {
        ExtLogRecord r = new ExtLogRecord(level, message, ExtLogRecord.FormatStyle.NO_FORMAT, "test");
        r.setLoggerName(logger);
        return r;
    }

    @Test
    void theRedisPoolsSecondRegistrationIsDropped() {
        for (String id : new String[] {"MeterId{name='redis.pool.queue.size', tags=[tag(pool.name=<default>),"
                + "tag(pool.type=redis)]}", "MeterId{name='redis.pool.active', tags=[tag(pool.name=workers),"
                + "tag(pool.type=redis)]}", "MeterId{name='redis.active.connections', tags=[tag(clientName=workers)]}"}) {
            assertFalse(new RedactingFilter("text").isLoggable(record(REGISTRY, Level.WARNING, "This Gauge has been"
                    + " already registered (" + id + "), the registration will be ignored.")), id);
        }
    }

    @Test
    void everyOtherRecordStays() {
        RedactingFilter filter = new RedactingFilter("text");
        assertTrue(filter.isLoggable(record(REGISTRY, Level.WARNING, "This Gauge has been already registered"
                + " (MeterId{name='provtid.jobs.running', tags=[]}), the registration will be ignored.")),
                "Provtid's own meters registered twice would be a bug to see");
        assertTrue(filter.isLoggable(record(REGISTRY, Level.WARNING, "This Gauge has been already registered"
                + " (MeterId{name='http.server.active.connections', tags=[]}), the registration will be ignored.")));
        assertTrue(filter.isLoggable(record("se.provtid.queue.JobStore", Level.WARNING, "This Gauge has been already"
                + " registered (MeterId{name='redis.pool.queue.size', tags=[]})")), "another logger's record");
        assertTrue(filter.isLoggable(record(REGISTRY, Level.SEVERE, "A MeterFilter is being configured after a Meter"
                + " has been registered to this registry.")));
        assertFalse(filter.isLoggable(record(REGISTRY, Level.FINE, "This Gauge has been already registered"
                + " (MeterId{name='redis.pool.idle', tags=[tag(pool.name=workers),tag(pool.type=redis)]}), the"
                + " registration will be ignored.")), "at debug level too: the same harmless repeat");
    }
}
