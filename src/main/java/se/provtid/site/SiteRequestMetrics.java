package se.provtid.site;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts requests to the booking site by endpoint and outcome ({@code provtid_site_requests_total}). */
@Singleton
public class SiteRequestMetrics {

    /** How a site request ended; a small fixed set, so the series stay few. */
    public enum Outcome {
        ok, refused, http_error, site_error, session_expired, timeout, browser_error
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public SiteRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one request; endpoint is the site's call name (a fixed set in the adapter, never a raw URL). */
    public void count(String endpoint, Outcome outcome) {
        counters.computeIfAbsent(endpoint + ' ' + outcome.name(), k -> Counter.builder("provtid.site.requests")
                .tag("endpoint", endpoint).tag("outcome", outcome.name())
                .description("Requests to the booking site by endpoint and outcome").register(registry)).increment();
    }

    /** The outcome of a request that failed with a site exception of this status. */
    public static Outcome outcomeOf(SiteException e) {
        if (e.isBlocked()) {
            return Outcome.refused;
        }
        return switch (e.status()) {
            case SiteException.NO_ANSWER -> Outcome.timeout;
            case SiteException.BROWSER_ERROR -> Outcome.browser_error;
            default -> e.status() >= 400 ? Outcome.http_error : Outcome.site_error;
        };
    }
}
