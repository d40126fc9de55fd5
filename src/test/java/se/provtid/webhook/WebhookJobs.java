package se.provtid.webhook;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import se.provtid.job.JobEvent;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.queue.TransitionResult;

/** Jobs for webhook tests: started over REST, then given events through the job store, as a worker would. */
final class WebhookJobs {

    static final String TOKEN = "test-secret-token";

    private final JobStore store;

    WebhookJobs(JobStore store) {
        this.store = store;
    }

    /** Starts a job for a fresh user with this webhook_url (every event kind, QR frames too); returns its id. */
    static String start(String webhookUrl) {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body(webhookUrl))
                .post("/api/v1/booking/start").then().statusCode(202).extract().jsonPath().getString("job_id");
    }

    /** A start body for a fresh user with this webhook_url, asking it for every kind of event. */
    static Map<String, Object> body(String webhookUrl) {
        LocalDate from = LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(10);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("user_id", "wh-" + System.nanoTime(),
                "license_type", "B", "exam_type", "Körprov", "locations", List.of("Uppsala"),
                "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(20).toString())),
                "auto_book", true, "priority", "normal",
                "webhook_events", java.util.Arrays.stream(se.provtid.job.EventType.values()).map(Enum::name).toList()));
        if (webhookUrl != null) {
            body.put("webhook_url", webhookUrl);
        }
        return body;
    }

    /** Cancels over REST, as a person would. */
    static void cancel(String jobId) {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "test", "force", true))
                .post("/api/v1/booking/cancel/" + jobId).then().statusCode(200);
    }

    /** The autostart token the test QR frames carry (same-device login), to find in webhook bodies. */
    static final String AUTOSTART = "0e6f3c1a-7b2d-4e9f-8a5c-3d1b2f4e6a70";

    static JobEvents events(String jobId) {
        return new JobEvents(jobId, "user");
    }

    /** A status_update with this message. */
    static JobEvent note(String jobId, String message) {
        return events(jobId).status(JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), message));
    }

    /** A QR frame valid until {@code validUntil}. */
    static JobEvent qr(String jobId, long sequence, Instant validUntil) {
        return events(jobId).qr("bankid.test." + sequence, sequence, "computed", validUntil, AUTOSTART);
    }

    /** Appends events to a queued job's stream in one step (one notice), as a worker appends its events. */
    void append(String jobId, JobEvent... events) {
        TransitionResult r = store.transition(jobId, null, EnumSet.of(JobStatus.queued), null, JobUpdate.of(),
                List.of(events));
        if (!r.applied()) {
            throw new IllegalStateException("append refused: " + r.detail());
        }
    }
}
