package se.provtid.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Micrometer meters: {@code provtid.webhook.deliveries} by outcome and {@code provtid.webhook.attempt} latency. */
@Singleton
public class WebhookMetrics {

    /** Outcomes of the deliveries counter. */
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DEAD = "dead";
    public static final String DROPPED_QR = "dropped_qr";
    public static final String GONE = "gone";

    private final Map<String, Counter> deliveries;
    private final Timer ok;
    private final Timer failed;

    public WebhookMetrics(MeterRegistry registry) {
        this.deliveries = Map.of(SUCCESS, counter(registry, SUCCESS), FAILURE, counter(registry, FAILURE),
                DEAD, counter(registry, DEAD), DROPPED_QR, counter(registry, DROPPED_QR), GONE, counter(registry, GONE));
        this.ok = timer(registry, "success");
        this.failed = timer(registry, "failure");
    }

    public void count(String outcome, long n) {
        if (n > 0) {
            deliveries.get(outcome).increment(n);
        }
    }

    /** One HTTP attempt's latency, tagged by whether it got a 2xx. */
    public void attempt(long nanos, boolean success) {
        (success ? ok : failed).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("provtid.webhook.deliveries").description("Webhook deliveries by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private static Timer timer(MeterRegistry registry, String result) {
        return Timer.builder("provtid.webhook.attempt").description("Latency of one webhook HTTP attempt")
                .tag("result", result).register(registry);
    }
}
