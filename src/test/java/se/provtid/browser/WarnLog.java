package se.provtid.browser;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The WARN (and worse) messages one class logs while open; JBoss Logging reaches them through java.util.logging. */
final class WarnLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private WarnLog(Logger logger) {
        this.logger = logger;
    }

    static WarnLog of(Class<?> source) {
        WarnLog log = new WarnLog(Logger.getLogger(source.getName()));
        log.logger.addHandler(log);
        return log;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
