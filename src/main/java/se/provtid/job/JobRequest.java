package se.provtid.job;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What a caller asked for when starting a job, after validation. */
public record JobRequest(String userId, String licenseType, ExamType examType, List<String> locations,
        List<DateRange> dateRanges, String webhookUrl, boolean autoBook, Priority priority, VehicleType vehicleType,
        Set<EventType> webhookEvents) {

    /** When the job's watch ends at the latest: the end of its last requested day (Swedish time). */
    public java.time.Instant watchEnds() {
        java.time.LocalDate last = dateRanges.stream().map(DateRange::end).max(java.time.LocalDate::compareTo)
                .orElseThrow();
        return last.plusDays(1).atStartOfDay(java.time.ZoneId.of("Europe/Stockholm")).toInstant();
    }

    /** The events a job's own webhook_url gets when the request names none: every kind but QR frames. */
    public static final Set<EventType> DEFAULT_WEBHOOK_EVENTS = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(EventType.qr_code_update)));
}
