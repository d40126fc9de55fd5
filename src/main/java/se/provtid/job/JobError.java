package se.provtid.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a job failed: a stable machine code, its parameters (for pages that say it in their own language) and a
 * sentence for people in English. Jobs stored before params existed read back with none.
 */
public record JobError(String code, String message, Map<String, Object> params) {

    public static final String UNKNOWN_LOCATION = "unknown_location";
    public static final String UNKNOWN_EXAM_TYPE = "unknown_exam_type";
    public static final String NO_PLACE_NEAR = "no_place_near";
    public static final String BOOKING_HINDRANCE = "booking_hindrance";
    public static final String BANKID_FAILED = "bankid_failed";
    public static final String BROWSER_UNAVAILABLE = "browser_unavailable";
    public static final String SITE_ERROR = "site_error";
    /** Redis (the job store) failed mid-attempt: unreachable, failing over, or a write no replica confirmed. */
    public static final String STORE_UNAVAILABLE = "store_unavailable";
    public static final String INTERNAL_ERROR = "internal_error";

    /** Every error code a job can fail with (docs/api.md lists each one). */
    public static final List<String> CODES = List.of(UNKNOWN_LOCATION, NO_PLACE_NEAR, UNKNOWN_EXAM_TYPE,
            BOOKING_HINDRANCE,
            BANKID_FAILED, BROWSER_UNAVAILABLE, SITE_ERROR, STORE_UNAVAILABLE, INTERNAL_ERROR);

    public JobError {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static JobError unknownLocation(String location, List<String> suggestions) {
        return new JobError(UNKNOWN_LOCATION, "Unknown test location '" + location + "'. Closest known: "
                + String.join(", ", suggestions) + ".", Notice.params("location", location, "suggestions",
                        List.copyOf(suggestions)));
    }

    /** No place the site lists lies within {@code maxKm} of the point, and the request named none. */
    public static JobError noPlaceNear(double lat, double lon, double maxKm) {
        return new JobError(NO_PLACE_NEAR, "No test location lies within " + Math.round(maxKm) + " km of " + lat
                + ", " + lon + ".", Notice.params("lat", lat, "lon", lon, "max_km", maxKm));
    }

    public static JobError unknownExamType(String examType, String licence) {
        return new JobError(UNKNOWN_EXAM_TYPE, "The site offers no " + examType + " for licence " + licence + ".",
                Notice.params("exam_type", examType, "licence", licence));
    }

    /** {@code siteText} is the site's own sentence for the person: the message only, never a parameter. */
    public static JobError bookingHindrance(String siteText) {
        return new JobError(BOOKING_HINDRANCE, siteText, Map.of());
    }

    public static JobError bankIdFailed() {
        return new JobError(BANKID_FAILED, "The BankID login failed or was cancelled.", Map.of());
    }

    /** The last attempt failed too: the attempt's own code, {@code detail} (our own text) in the message only. */
    public static JobError gaveUp(String code, int attempts, String detail) {
        return new JobError(code, "Gave up after " + attempts + " attempts: " + detail, Notice.params("attempts",
                attempts));
    }
}
