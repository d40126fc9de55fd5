package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /api/v1/booking/start, as sent; {@link StartRequestValidator} turns it into a JobRequest. */
public record StartRequest(
        @JsonProperty("user_id") String userId,
        @JsonProperty("license_type") String licenseType,
        @JsonProperty("exam_type") String examType,
        @JsonProperty("locations") @Schema(description = "Test locations by name (1..20). May be empty when 'near' "
                + "is given.", example = "[\"Uppsala\"]") List<String> locations,
        @JsonProperty("date_ranges") List<DateRangeBody> dateRanges,
        @JsonProperty("webhook_url") String webhookUrl,
        @JsonProperty("auto_book") Boolean autoBook,
        @JsonProperty("priority") String priority,
        @JsonProperty("vehicle_type") String vehicleType,
        @JsonProperty("webhook_events") List<String> webhookEvents,
        @JsonProperty("weekdays") @Schema(description = "Optional: the days of the week a slot may fall on, unique, "
                + "1..7 of mon, tue, wed, thu, fri, sat, sun.", example = "[\"mon\",\"tue\",\"fri\"]")
        List<String> weekdays,
        @JsonProperty("times") @Schema(description = "Optional: the earliest and latest start time of day "
                + "(Swedish time, inclusive)") TimesBody times,
        @JsonProperty("min_notice") @Schema(description = "Optional: no slot that starts sooner than this from now; "
                + "an ISO-8601 duration from PT0S to P90D.", example = "PT48H") String minNotice,
        @JsonProperty("near") @Schema(description = "Optional: every place within max_km of this point is searched "
                + "too, next to 'locations' (at most 20 places in all, the nearest first)") NearBody near,
        @JsonProperty("rank") @Schema(description = "Optional: which of several fitting slots the job takes: the "
                + "earliest (default), or the nearest to 'near' and then the earliest ('nearest' needs 'near').",
                enumeration = {"earliest", "nearest"}, example = "earliest") String rank,
        @JsonProperty("book_before") @Schema(description = "Optional, for a person who holds a test already: take "
                + "only a slot strictly before this date (YYYY-MM-DD, after today).", example = "2027-03-01")
        String bookBefore,
        @JsonProperty("watch_until") @Schema(description = "Optional: a watch for this job ends by then at the "
                + "latest; an ISO date (the watch lasts through that day, Swedish time) or instant, in the future.",
                example = "2027-02-15") String watchUntil) {

    /** The request as it was before preferences existed. */
    public StartRequest(String userId, String licenseType, String examType, List<String> locations,
            List<DateRangeBody> dateRanges, String webhookUrl, Boolean autoBook, String priority, String vehicleType,
            List<String> webhookEvents) {
        this(userId, licenseType, examType, locations, dateRanges, webhookUrl, autoBook, priority, vehicleType,
                webhookEvents, null, null, null, null, null, null, null);
    }

    /** One date range as sent. */
    public record DateRangeBody(@JsonProperty("start") String start, @JsonProperty("end") String end) {
    }

    /** The earliest and latest start time of day, HH:MM; either may be left out. */
    public record TimesBody(@JsonProperty("earliest") @Schema(example = "08:00") String earliest,
            @JsonProperty("latest") @Schema(example = "12:30") String latest) {
    }

    /** A point and a distance: lat -90..90, lon -180..180 (WGS 84 degrees), max_km 1..500. */
    public record NearBody(@JsonProperty("lat") @Schema(example = "59.86") Double lat,
            @JsonProperty("lon") @Schema(example = "17.64") Double lon,
            @JsonProperty("max_km") @Schema(example = "40") Double maxKm) {
    }
}
