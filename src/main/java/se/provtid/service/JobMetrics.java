package se.provtid.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import se.provtid.job.JobStatus;

/**
 * Job meters for Prometheus, as this process sees them: jobs started and finished, time spent in each phase, how
 * soon the first QR frame came and how late each frame was. Fleet-wide figures are in {@link FleetGauges}.
 */
@Singleton
public class JobMetrics {

    // Phases last seconds to hours; QR figures are about seconds (first frame) and milliseconds (lateness).
    private static final Duration[] PHASE_BUCKETS = seconds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600,
            24 * 3600);
    private static final Duration[] FIRST_QR_BUCKETS = millis(500, 1000, 2000, 3000, 5000, 10_000, 20_000, 30_000,
            60_000, 120_000);
    private static final Duration[] LATENESS_BUCKETS = millis(25, 50, 100, 250, 500, 1000, 2000, 3000);

    private final Counter started;
    private final Map<JobStatus, Counter> finished = new EnumMap<>(JobStatus.class);
    private final Map<JobStatus, Timer> phases = new EnumMap<>(JobStatus.class);
    private final Timer firstQr;
    private final Timer qrLateness;
    private final Map<RateLimitScope, Counter> rateLimited = new EnumMap<>(RateLimitScope.class);

    public JobMetrics(MeterRegistry registry) {
        this.started = Counter.builder("provtid.jobs.started").description("Booking jobs accepted").register(registry);
        for (JobStatus s : JobStatus.values()) {
            if (s.isFinal()) {
                finished.put(s, Counter.builder("provtid.jobs.finished").tag("status", s.name())
                        .description("Booking jobs that reached a final state, by state").register(registry));
            } else {
                phases.put(s, Timer.builder("provtid.job.phase").tag("phase", s.name())
                        .description("Time a job spent in each phase before it moved on")
                        .serviceLevelObjectives(PHASE_BUCKETS).register(registry));
            }
        }
        this.firstQr = Timer.builder("provtid.qr.first.frame")
                .description("From the start request to the job's first QR frame (first attempts only)")
                .serviceLevelObjectives(FIRST_QR_BUCKETS).register(registry);
        this.qrLateness = Timer.builder("provtid.qr.frame.lateness")
                .description("From the moment a BankID code became current to its frame reaching the job's stream")
                .serviceLevelObjectives(LATENESS_BUCKETS).register(registry);
        for (RateLimitScope scope : RateLimitScope.values()) {
            rateLimited.put(scope, Counter.builder("provtid.rate.limited").tag("scope", scope.name())
                    .description("Requests refused with 429 by a rate limit").register(registry));
        }
    }

    /** What a 429 limited: a client address on the API, or a user's starts. */
    public enum RateLimitScope {
        client, user
    }

    public void started() {
        started.increment();
    }

    /** Counts a job that reached a final state on this process. */
    public void finished(JobStatus status) {
        Counter c = finished.get(status);
        if (c != null) {
            c.increment();
        }
    }

    /** Records how long a job was in a phase it has now left (final states are not phases). */
    public void phase(JobStatus left, Duration spent) {
        Timer t = phases.get(left);
        if (t != null && !spent.isNegative()) {
            t.record(spent);
        }
    }

    public void firstQrFrame(Duration sinceStart) {
        if (!sinceStart.isNegative()) {
            firstQr.record(sinceStart);
        }
    }

    /** A frame appended before its code became current (clock skew between hosts) counts as on time. */
    public void qrFrameLateness(Duration late) {
        qrLateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    /** Counts a request refused with 429. */
    public void rateLimited(RateLimitScope scope) {
        rateLimited.get(scope).increment();
    }

    private static Duration[] seconds(long... s) {
        Duration[] d = new Duration[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = Duration.ofSeconds(s[i]);
        }
        return d;
    }

    private static Duration[] millis(long... ms) {
        Duration[] d = new Duration[ms.length];
        for (int i = 0; i < ms.length; i++) {
            d[i] = Duration.ofMillis(ms[i]);
        }
        return d;
    }
}
