package se.provtid.job;

import java.util.List;

/** What a caller asked for when starting a job, after validation. */
public record JobRequest(String userId, String licenseType, ExamType examType, List<String> locations,
        List<DateRange> dateRanges, String webhookUrl, boolean autoBook, Priority priority, VehicleType vehicleType) {
}
