package se.provtid.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * One search call of the fleet-wide plan: one exam at up to four places from a start date, looked at every
 * {@code periodMs}. Written by {@link SearchPlanner} to Redis ({@code RedisKeys#searchCalls}) as JSON.
 *
 * @param key stable id of the call: the exam and its places
 * @param exam the exam's key, {@link Want#examKey()}: licence, exam type and vehicle
 * @param places the site's location ids, the first searched as the place and the rest as nearby ones
 * @param from the earliest date any job that wants one of these places still asks for
 * @param periodMs how often the plan looks at this call
 * @param wantedBy how many searching jobs want at least one of its places
 */
public record PlannedCall(@JsonProperty("key") String key, @JsonProperty("exam") String exam,
        @JsonProperty("places") List<Long> places, @JsonProperty("from") LocalDate from,
        @JsonProperty("period_ms") long periodMs, @JsonProperty("wanted_by") int wantedBy) {
}
