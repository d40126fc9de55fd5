package se.provtid.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The booking the site confirmed. {@code payBy} (ISO instant) only for a person under 18 on the test date whose
 * booking is paid later by invoice: the invoice must be paid by then (25 h before the test) or the site cancels it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BookingResult(String bookingId, String confirmationNumber, String examDate, String examTime,
        String location, @JsonInclude(JsonInclude.Include.NON_NULL) String payBy) {

    /** A booking without a pay-by time. */
    public BookingResult(String bookingId, String confirmationNumber, String examDate, String examTime,
            String location) {
        this(bookingId, confirmationNumber, examDate, examTime, location, null);
    }
}
