package se.provtid.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The booking the site confirmed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BookingResult(String bookingId, String confirmationNumber, String examDate, String examTime,
        String location) {
}
