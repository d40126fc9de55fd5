package se.provtid.webhook;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** When to try an event again: the configured schedule with jitter, or later when the receiver's Retry-After says so. */
@Singleton
public class RetryPolicy {

    /** Up to this share of a delay is added at random, so receivers that failed together are not retried together. */
    static final double JITTER = 0.2;
    /** A Retry-After further away than this is capped: a receiver must not park an event for days. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final List<Duration> schedule;
    private final DoubleSupplier random;

    @Inject
    public RetryPolicy(WebhookConfig config) {
        this(config.retrySchedule(), () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(List<Duration> schedule, DoubleSupplier random) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("WEBHOOK_RETRY_SCHEDULE needs at least one entry");
        }
        this.schedule = List.copyOf(schedule);
        this.random = random;
    }

    /**
     * When to make the next attempt after {@code failures} failed ones, or null when the event is out of attempts.
     * {@code retryAfter} is the raw header of the last response, or null.
     */
    public Instant next(int failures, Instant now, String retryAfter) {
        if (failures >= schedule.size()) {
            return null;
        }
        long ms = schedule.get(failures).toMillis();
        Instant planned = now.plusMillis(ms + (long) (ms * JITTER * random.getAsDouble()));
        Instant asked = retryAfter(retryAfter, now);
        return asked != null && asked.isAfter(planned) ? asked : planned;
    }

    /** The instant a Retry-After header (delay seconds or HTTP date) names, capped; null when absent or unreadable. */
    static Instant retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            at = v.length() > 9 ? now.plus(MAX_RETRY_AFTER) : now.plusSeconds(Long.parseLong(v));
        } else {
            try {
                at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Instant cap = now.plus(MAX_RETRY_AFTER);
        return at.isAfter(cap) ? cap : at;
    }
}
