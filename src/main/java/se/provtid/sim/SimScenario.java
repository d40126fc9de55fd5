package se.provtid.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.WebApplicationException;
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
        @JsonProperty("no_slots") Boolean noSlots,
        /** The slot market: every seeded slot taken except a few, then released at random (docs/simulator.md). */
        @JsonProperty("market") Boolean market,
        /** Seeded slots the market leaves free when it starts, across the whole site. */
        @JsonProperty("market_free_slots") Integer marketFreeSlots,
        /** Releases per place per hour (a Poisson process at each place); 0 = none at random. */
        @JsonProperty("release_per_hour") Double releasePerHour,
        /** A release frees a slot dated within this many days from today. */
        @JsonProperty("release_days") Integer releaseDays,
        /** Median seconds before a rival takes a released slot nobody holds (exponential); 0 = no rivals. */
        @JsonProperty("rival_median_seconds") Double rivalMedianSeconds,
        /** Seed of the market's random choices, for repeatable runs. */
        @JsonProperty("seed") Long seed,
        /** begin-authentication from a session that never fetched the app's script answers the HTML page. */
        @JsonProperty("require_rendered_app") Boolean requireRenderedApp) {

    /** The defaults: a well-behaved site, with the real one's 30 min sessions and 15 min holds. */
    public static SimScenario defaults(int sessionLifetimeSeconds, int holdSeconds) {
        return new SimScenario(0, List.of(), false, 600, 60, 0, 0, "", sessionLifetimeSeconds, holdSeconds, 0, false,
                false, 3, 20.0, 60, 120.0, 1L, false);
    }

    /** This scenario with every field the patch sets replaced. */
    public SimScenario merge(SimScenario p) {
        return new SimScenario(or(p.latencyMs, latencyMs), or(p.latencyEndpoints, latencyEndpoints),
                or(p.maintenance, maintenance), or(p.forbidAbovePerMinute, forbidAbovePerMinute),
                or(p.forbidSeconds, forbidSeconds), or(p.rateLimitNext, rateLimitNext),
                or(p.stealNextReservations, stealNextReservations), or(p.hindrance, hindrance),
                or(p.sessionLifetimeSeconds, sessionLifetimeSeconds), or(p.reservationHoldSeconds, reservationHoldSeconds),
                or(p.paymentDelayMs, paymentDelayMs), or(p.noSlots, noSlots), or(p.market, market),
                or(p.marketFreeSlots, marketFreeSlots), or(p.releasePerHour, releasePerHour),
                or(p.releaseDays, releaseDays), or(p.rivalMedianSeconds, rivalMedianSeconds), or(p.seed, seed),
                or(p.requireRenderedApp, requireRenderedApp));
    }

    SimScenario withRateLimitNext(int n) {
        return new SimScenario(latencyMs, latencyEndpoints, maintenance, forbidAbovePerMinute, forbidSeconds, n,
                stealNextReservations, hindrance, sessionLifetimeSeconds, reservationHoldSeconds, paymentDelayMs, noSlots,
                market, marketFreeSlots, releasePerHour, releaseDays, rivalMedianSeconds, seed, requireRenderedApp);
    }

    SimScenario withStealNext(int n) {
        return new SimScenario(latencyMs, latencyEndpoints, maintenance, forbidAbovePerMinute, forbidSeconds,
                rateLimitNext, n, hindrance, sessionLifetimeSeconds, reservationHoldSeconds, paymentDelayMs, noSlots, market,
                marketFreeSlots, releasePerHour, releaseDays, rivalMedianSeconds, seed, requireRenderedApp);
    }

    /** The patch's first broken rule as a 400 problem naming the field, or null when it is fine. */
    static WebApplicationException invalid(SimScenario p) {
        if (p.marketFreeSlots != null && p.marketFreeSlots < 0) {
            return ScanProblems.invalid("market_free_slots", "minimum", "market_free_slots must be 0 or more.");
        }
        if (p.releasePerHour != null && !(p.releasePerHour >= 0 && p.releasePerHour <= 3600)) {
            return ScanProblems.invalid("release_per_hour", "range", "release_per_hour must be from 0 to 3600.");
        }
        if (p.releaseDays != null && (p.releaseDays < 1 || p.releaseDays > 200)) {
            return ScanProblems.invalid("release_days", "range", "release_days must be from 1 to 200.");
        }
        if (p.rivalMedianSeconds != null && !(p.rivalMedianSeconds >= 0 && p.rivalMedianSeconds <= 86_400)) {
            return ScanProblems.invalid("rival_median_seconds", "range",
                    "rival_median_seconds must be from 0 (no rivals) to 86400.");
        }
        return null;
    }

    private static <T> T or(T patch, T current) {
        return patch != null ? patch : current;
    }
}
