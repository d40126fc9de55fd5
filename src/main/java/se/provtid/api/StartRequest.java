package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of POST /api/v1/booking/start, as sent; {@link StartRequestValidator} turns it into a JobRequest. */
public record StartRequest(
        @JsonProperty("user_id") String userId,
        @JsonProperty("license_type") String licenseType,
        @JsonProperty("exam_type") String examType,
        @JsonProperty("locations") List<String> locations,
        @JsonProperty("date_ranges") List<DateRangeBody> dateRanges,
        @JsonProperty("webhook_url") String webhookUrl,
        @JsonProperty("auto_book") Boolean autoBook,
        @JsonProperty("priority") String priority,
        @JsonProperty("vehicle_type") String vehicleType,
        @JsonProperty("webhook_events") List<String> webhookEvents) {

    /** One date range as sent. */
    public record DateRangeBody(@JsonProperty("start") String start, @JsonProperty("end") String end) {
    }
}
