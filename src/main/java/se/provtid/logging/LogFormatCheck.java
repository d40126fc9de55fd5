package se.provtid.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stops startup when {@code LOG_FORMAT} is neither {@code json} nor {@code text}. (Quarkus' logging setup would
 * otherwise quietly fall back to JSON when the setting's expression does not resolve.)
 */
@Singleton
public class LogFormatCheck {

    @ConfigProperty(name = "log-format", defaultValue = "json")
    String format;

    /** Before every other startup observer, so nothing else has started when it fails. */
    void check(@Observes @Priority(1) StartupEvent event) {
        check(format);
    }

    static void check(String format) {
        if (!"json".equals(format) && !"text".equals(format)) {
            String shown = format == null ? "" : format.length() > 20 ? format.substring(0, 20) + "..." : format;
            throw new IllegalStateException("LOG_FORMAT must be json or text, not '" + shown + "'");
        }
    }
}
