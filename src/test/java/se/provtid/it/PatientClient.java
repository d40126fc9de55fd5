package se.provtid.it;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import se.provtid.support.SseClient;

/**
 * An API client that behaves as a good one does while Redis fails over: it retries a start with the same
 * Idempotency-Key after each 503's Retry-After, and reconnects a job's stream that ended, as EventSource does.
 */
final class PatientClient {

    private static final List<String> PLACES = List.of("Uppsala", "Stockholm", "Göteborg", "Malmö", "Linköping",
            "Gävle");
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));

    /** A start's outcome: the accepted job (null when it never was) and the last answer. */
    record Started(String user, String key, String jobId, String streamUrl, RecordedApi.Call last) {
    }

    private final RecordedApi api;
    private final String baseUrl;

    PatientClient(RecordedApi api, String baseUrl) {
        this.api = api;
        this.baseUrl = baseUrl;
    }

    /** Starts a job for this user under the key, retrying 503s with the same key until accepted or the deadline. */
    Started start(String user, String key, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            RecordedApi.Call c = api.post("/api/v1/booking/start", body(user), Map.of("Idempotency-Key", key));
            if (c.status() == 202) {
                return new Started(user, key, c.json().path("job_id").asText(), c.json().path("stream_url").asText(), c);
            }
            if (c.status() != 503 || System.nanoTime() > deadline) {
                return new Started(user, key, null, null, c);
            }
            Thread.sleep(retryAfter(c).toMillis());
        }
    }

    /** The same start again, as a client that lost the first answer would send it. */
    RecordedApi.Call replay(String user, String key) {
        return api.post("/api/v1/booking/start", body(user), Map.of("Idempotency-Key", key));
    }

    /**
     * Follows the job's stream and scans each current QR code as this person until the job is past its login; an
     * attempt that Redis ended after a scan logs in again with a new order, and a person scans that one too. Reconnects
     * a stream that ended (a 503 while there is no primary, a connection the failover cut).
     */
    void logIn(String jobId, String streamUrl, String personalNumber, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        int streams = 0;
        boolean scanned = false;
        while (System.nanoTime() < deadline) {
            streams++;
            try (SseClient sse = SseClient.open(baseUrl + streamUrl)) {
                while (!sse.ended() && System.nanoTime() < deadline) {
                    if (scanned && pastLogin(jobId)) {
                        return;
                    }
                    SseClient.Event frame;
                    try {
                        frame = sse.await("qr_code_update", Duration.ofSeconds(2));
                    } catch (AssertionError none) {
                        continue;
                    }
                    // Frames queue up while others scan: only a current one is worth scanning, as on a phone.
                    if (Instant.parse(frame.data().path("valid_until").asText()).isAfter(Instant.now())
                            && api.post("/sim/bankid/scan", Map.of("qr", frame.data().path("qr_payload").asText(),
                                    "personal_number", personalNumber), Map.of()).status() == 200) {
                        scanned = true;
                    }
                }
            }
            if (scanned && pastLogin(jobId)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("job " + jobId + " was not past its login within " + patience + " (" + streams
                + " streams opened, " + (scanned ? "a QR code scanned" : "no current QR code seen") + ", status "
                + statusOf(jobId) + ")");
    }

    private boolean pastLogin(String jobId) {
        String status = statusOf(jobId);
        return !List.of("queued", "starting", "authenticating").contains(status) && !status.startsWith("http-");
    }

    /** The status of a job, or "http-NNN" when the API did not answer 200. */
    String statusOf(String jobId) {
        RecordedApi.Call c = api.get("/api/v1/booking/status/" + jobId);
        return c.status() == 200 ? c.json().path("status").asText() : "http-" + c.status();
    }

    /** The site's booking id the job reports, or null. */
    String bookingIdOf(String jobId) {
        RecordedApi.Call c = api.get("/api/v1/booking/status/" + jobId);
        return c.status() == 200 ? c.json().path("booking_result").path("booking_id").asText(null) : null;
    }

    private static Duration retryAfter(RecordedApi.Call c) {
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(c.retryAfter().trim())));
        } catch (RuntimeException unreadable) {
            return Duration.ofSeconds(1); // counted as a failure by the test; the client still waits politely
        }
    }

    static Map<String, Object> body(String user) {
        String place = PLACES.get(Math.floorMod(user.hashCode(), PLACES.size()));
        return Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov", "locations", List.of(place),
                "date_ranges", List.of(Map.of("start", TODAY.plusDays(10).toString(), "end",
                        TODAY.plusDays(60).toString())), "auto_book", true);
    }
}
