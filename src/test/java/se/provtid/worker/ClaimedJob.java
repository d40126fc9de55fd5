package se.provtid.worker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.DateRange;
import se.provtid.job.ExamType;
import se.provtid.job.Job;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.job.VehicleType;
import se.provtid.queue.EventLog;
import se.provtid.queue.JobQueue;
import se.provtid.queue.JobStore;
import se.provtid.queue.SitePacer;
import se.provtid.queue.StoredEvent;
import se.provtid.service.JobMetrics;
import se.provtid.site.ExamQuery;
import se.provtid.support.TestJobs;

/**
 * A job started through the API and claimed by a test worker, as a worker's phases see it: its reporter, lease and
 * retry policy over the real job store in Redis, so every move goes through the state table. Test code only.
 */
final class ClaimedJob implements AutoCloseable {

    /** The one place of the tests' slots, as the site numbers it. */
    static final long PLACE = 1000140;
    static final String PERSON = "199001012384";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The app's beans a claimed job needs (in an API-only app: no worker claims the job first). */
    @Singleton
    static class Parts {
        @Inject
        JobQueue queue;
        @Inject
        JobStore store;
        @Inject
        EventLog events;
        @Inject
        JobMetrics metrics;
        @Inject
        SitePacer pacer;
        @Inject
        ProvtidConfig config;
    }

    final String id;
    final String workerId;
    final JobStore store;
    final JobReporter report;
    final Lease lease;
    final SiteRetryPolicy retry;
    final Target target;
    private final EventLog events;

    private ClaimedJob(Parts parts, String id, String workerId) {
        this.id = id;
        this.workerId = workerId;
        this.store = parts.store;
        this.events = parts.events;
        Job job = parts.store.find(id);
        this.report = new JobReporter(parts.store, job, workerId, parts.metrics);
        this.lease = new Lease(id, workerId, parts.store, () -> true);
        this.retry = new SiteRetryPolicy(new QuickRetries(parts.config.site()), parts.pacer, report, lease);
        LocalDate today = TestJobs.TODAY;
        this.target = new Target(new ExamQuery(PERSON, "B", ExamType.KORPROV, VehicleType.manual), List.of(PLACE),
                List.of(new DateRange(today, today.plusDays(60))));
    }

    /** Starts a job through the API, claims it as a fresh test worker and moves it on to {@code reserving}. */
    static ClaimedJob reserving(Parts parts, boolean autoBook) {
        String id = TestJobs.start(List.of("Uppsala"), TestJobs.TODAY.plusDays(1), TestJobs.TODAY.plusDays(60),
                autoBook).getString("job_id");
        String workerId = "test-worker-" + System.nanoTime();
        assertEquals(id, parts.queue.claim(workerId), "the test's job is the only one queued");
        ClaimedJob job = new ClaimedJob(parts, id, workerId);
        job.report.move(JobStatus.starting, Notice.openingSite());
        job.report.move(JobStatus.searching, Notice.loggedIn());
        job.report.move(JobStatus.reserving, Notice.reserving("Uppsala", TestJobs.TODAY.plusDays(1).toString(), "08:10"));
        return job;
    }

    Job job() {
        return store.find(id);
    }

    JobStatus status() {
        return store.status(id);
    }

    /** The states the job's status events named, oldest first. */
    List<String> statuses() {
        return events("status_update").stream().map(ClaimedJob::statusOf).toList();
    }

    private static String statusOf(String json) {
        try {
            return JSON.readTree(json).path("data").path("status").asText();
        } catch (JsonProcessingException e) {
            throw new AssertionError("not an event: " + json, e);
        }
    }

    /** The job's events of one type, as their JSON. */
    List<String> events(String type) {
        return events.after(id, "0", 1000).stream().filter(e -> e.type().equals(type)).map(StoredEvent::json)
                .toList();
    }

    /** Ends the job if a test left it running, so that its lease does not count against the fleet's cap. */
    @Override
    public void close() {
        given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("force", true))
                .post("/api/v1/booking/cancel/" + id);
    }

    /** The test profile's site settings with waits of milliseconds: a retried timeout costs no test a second. */
    private record QuickRetries(ProvtidConfig.Site real) implements ProvtidConfig.Site {

        @Override
        public Optional<String> baseUrl() {
            return real.baseUrl();
        }

        @Override
        public double requestsPerSecond() {
            return real.requestsPerSecond();
        }

        @Override
        public int burst() {
            return real.burst();
        }

        @Override
        public Duration requestTimeout() {
            return real.requestTimeout();
        }

        @Override
        public Duration blockedBackoff() {
            return Duration.ofMillis(10);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(10);
        }
    }
}
