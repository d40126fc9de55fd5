package se.provtid.site;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;

/**
 * A free exam slot the site offers. {@code offer} is the site's own description of it, handed back unread to
 * {@link BookingSite#reserve} (the site wants it verbatim); null for slots read from holds and bookings.
 */
public record Occasion(long examinationId, long locationId, String locationName, LocalDate date, String time,
        String cost, JsonNode offer) {
}
