package se.provtid.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import se.provtid.job.JobStatus;

/** Job counters for Prometheus: jobs started, and jobs finished by outcome. */
@Singleton
public class JobMetrics {

    private final Counter started;
    private final Map<JobStatus, Counter> finished = new EnumMap<>(JobStatus.class);

    public JobMetrics(MeterRegistry registry) {
        this.started = Counter.builder("provtid.jobs.started").description("Booking jobs accepted").register(registry);
        for (JobStatus s : JobStatus.values()) {
            if (s.isFinal()) {
                finished.put(s, Counter.builder("provtid.jobs.finished").tag("status", s.name())
                        .description("Booking jobs that reached a final state, by state").register(registry));
            }
        }
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
}
