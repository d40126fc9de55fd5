package se.provtid.site.trafikverket;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;

/** A free occasion from a search, with the bundle it came in (needed verbatim to reserve it). */
public record Occasion(long examinationId, long locationId, String locationName, LocalDate date, String time,
        String cost, JsonNode bundle) {
}
