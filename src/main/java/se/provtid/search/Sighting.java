package se.provtid.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * A free slot the fleet has seen, from the first search that showed it until one no longer does: kept in Redis
 * ({@code RedisKeys#searchSeen}) as JSON by {@link SightingLog}. What the site shows everyone; nothing of a person.
 *
 * @param examinationId the site's id of the slot
 * @param exam the exam key of the search that saw it, {@link Want#examKey()}
 * @param locationId the site's id of its place
 * @param date its day
 * @param time its start time as the site writes it
 * @param daysAhead days from the day it was first seen to its day (Swedish dates)
 * @param late whether the site marked it a late cancellation
 * @param firstSeenMs when a search first showed it (epoch ms)
 */
public record Sighting(@JsonProperty("examination_id") long examinationId, @JsonProperty("exam") String exam,
        @JsonProperty("location_id") long locationId, @JsonProperty("date") LocalDate date,
        @JsonProperty("time") String time, @JsonProperty("days_ahead") long daysAhead,
        @JsonProperty("late") boolean late, @JsonProperty("first_seen_ms") long firstSeenMs) {
}
