package se.provtid.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A free exam slot as reported to callers. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Slot(String examinationId, String location, String date, String time, String cost,
        String reservationExpires) {
}
