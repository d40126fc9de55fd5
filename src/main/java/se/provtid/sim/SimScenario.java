package se.provtid.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The simulator's trouble knobs, set with PUT /sim/admin/scenario: every field is optional and
 * a missing one keeps its value; POST /sim/admin/reset restores the defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimScenario(
        /** Extra delay before answering, in ms. */
        @JsonProperty("latency_ms") Integer latencyMs,
        /** Endpoint names the delay applies to; empty means every data call. */
        @JsonProperty("latency_endpoints") List<String> latencyEndpoints,
        /** The site says it is updating: is-system-updating is true and data calls fail. */
        @JsonProperty("maintenance") Boolean maintenance,
        /** More data calls than this in one minute (all clients together) get 403 Forbidden. */
        @JsonProperty("forbid_above_per_minute") Integer forbidAbovePerMinute,
        /** How long a 403 block lasts, in seconds. */
        @JsonProperty("forbid_seconds") Integer forbidSeconds,
        /** The next this many data calls answer 429 Too Many Requests. */
        @JsonProperty("rate_limit_next") Integer rateLimitNext,
        /** The next this many reservations find the slot just taken by someone else. */
        @JsonProperty("steal_next_reservations") Integer stealNextReservations,
        /** A booking hindrance message; null or empty means none. */
        @JsonProperty("hindrance") String hindrance,
        /** Seconds from login to the forced logout. */
        @JsonProperty("session_lifetime_seconds") Integer sessionLifetimeSeconds,
        /** Seconds a reservation is held. */
        @JsonProperty("reservation_hold_seconds") Integer reservationHoldSeconds,
        /** invoice-payment books at once but answers only after this many ms. */
        @JsonProperty("payment_delay_ms") Integer paymentDelayMs,
        /** Searches find nothing (every slot looks taken), so jobs keep searching. */
        @JsonProperty("no_slots") Boolean noSlots) {

    /** The defaults: a well-behaved site, with the real one's 30 min sessions and 15 min holds. */
    public static SimScenario defaults(int sessionLifetimeSeconds, int holdSeconds) {
        return new SimScenario(0, List.of(), false, 600, 60, 0, 0, "", sessionLifetimeSeconds, holdSeconds, 0, false);
    }

    /** This scenario with every field the patch sets replaced. */
    public SimScenario merge(SimScenario p) {
        return new SimScenario(or(p.latencyMs, latencyMs), or(p.latencyEndpoints, latencyEndpoints),
                or(p.maintenance, maintenance), or(p.forbidAbovePerMinute, forbidAbovePerMinute),
                or(p.forbidSeconds, forbidSeconds), or(p.rateLimitNext, rateLimitNext),
                or(p.stealNextReservations, stealNextReservations), or(p.hindrance, hindrance),
                or(p.sessionLifetimeSeconds, sessionLifetimeSeconds), or(p.reservationHoldSeconds, reservationHoldSeconds),
                or(p.paymentDelayMs, paymentDelayMs), or(p.noSlots, noSlots));
    }

    SimScenario withRateLimitNext(int n) {
        return new SimScenario(latencyMs, latencyEndpoints, maintenance, forbidAbovePerMinute, forbidSeconds, n,
                stealNextReservations, hindrance, sessionLifetimeSeconds, reservationHoldSeconds, paymentDelayMs, noSlots);
    }

    SimScenario withStealNext(int n) {
        return new SimScenario(latencyMs, latencyEndpoints, maintenance, forbidAbovePerMinute, forbidSeconds,
                rateLimitNext, n, hindrance, sessionLifetimeSeconds, reservationHoldSeconds, paymentDelayMs, noSlots);
    }

    private static <T> T or(T patch, T current) {
        return patch != null ? patch : current;
    }
}
