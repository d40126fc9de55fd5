package se.provtid.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a caller asked for when starting a job, after validation. {@code preferences} is never null: a request
 * stored before preferences existed reads back with {@link Preferences#NONE}, and none are not stored at all, so
 * such a request's JSON (and its idempotency fingerprint) stays what it was.
 */
public record JobRequest(String userId, String licenseType, ExamType examType, List<String> locations,
        List<DateRange> dateRanges, String webhookUrl, boolean autoBook, Priority priority, VehicleType vehicleType,
        Set<EventType> webhookEvents,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Preferences.IsNone.class) Preferences preferences) {

    /**
     * When the job's search (and its watch, once its site login ended) ends at the latest: the end of its last
     * requested day (Swedish time), or its {@code watch_until} when that comes first.
     */
    public java.time.Instant watchEnds() {
        java.time.LocalDate last = dateRanges.stream().map(DateRange::end).max(java.time.LocalDate::compareTo)
                .orElseThrow();
        java.time.Instant end = last.plusDays(1).atStartOfDay(java.time.ZoneId.of("Europe/Stockholm")).toInstant();
        java.time.Instant until = preferences == null ? null : preferences.watchUntil();
        return until != null && until.isBefore(end) ? until : end;
    }

    /** The events a job's own webhook_url gets when the request names none: every kind but QR frames. */
    public static final Set<EventType> DEFAULT_WEBHOOK_EVENTS = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(EventType.qr_code_update)));

    public JobRequest {
        preferences = Preferences.orNone(preferences);
    }

    /** A request without preferences (the shape before they existed). */
    public JobRequest(String userId, String licenseType, ExamType examType, List<String> locations,
            List<DateRange> dateRanges, String webhookUrl, boolean autoBook, Priority priority, VehicleType vehicleType,
            Set<EventType> webhookEvents) {
        this(userId, licenseType, examType, locations, dateRanges, webhookUrl, autoBook, priority, vehicleType,
                webhookEvents, Preferences.NONE);
    }
}
