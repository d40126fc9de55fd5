package se.provtid.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A positive Duration setting: ISO-8601 ({@code PT1M}), or a bare number of seconds ({@code 60}) as in the original
 * design's {@code RATE_LIMIT_WINDOW=60}.
 */
public class SecondsOrDuration implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        Duration d;
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                d = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is too many seconds");
            }
        } else {
            try {
                d = Duration.parse(v.regionMatches(true, 0, "P", 0, 1) ? v : "PT" + v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + v + "' is neither a number of seconds nor a duration like PT1M");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("the window must be longer than zero, not '" + v + "'");
        }
        return d;
    }
}
