package se.provtid.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Calls to an API process that keep every answer with its times, so a test can say afterwards which calls were
 * refused, when, and that none hung: a call with no answer within {@link #HANG} counts as a hang.
 */
final class RecordedApi {

    static final Duration HANG = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call: sent and answered instants, status (or {@link #HUNG}, {@link #NO_ANSWER}), Retry-After, body. */
    record Call(String method, String path, Instant sent, Instant answered, int status, String retryAfter,
            String body) {
        /** The problem type's last segment ("redis-unavailable", ...), or "" when the body is no problem. */
        String problem() {
            try {
                String type = JSON.readTree(body).path("type").asText("");
                return type.substring(type.lastIndexOf('/') + 1);
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " answered no JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return sent + " " + method + " " + path + " -> " + status + " after "
                    + Duration.between(sent, answered).toMillis() + " ms" + (retryAfter == null ? "" : " Retry-After: "
                            + retryAfter) + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    static final int HUNG = -1;
    static final int NO_ANSWER = -2;

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    RecordedApi(String base) {
        this.base = base;
    }

    Call get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), Map.of());
    }

    /** POSTs the value as JSON, with the API token and these headers. */
    Call post(String path, Object body, Map<String, String> headers) {
        try {
            return send("POST", path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Call send(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(HANG)
                .header("Authorization", "Bearer " + AppProcess.TOKEN).header("Content-Type", "application/json")
                .method(method, body);
        headers.forEach(req::header);
        Instant sent = Instant.now();
        Call call;
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            call = new Call(method, path, sent, Instant.now(), r.statusCode(),
                    r.headers().firstValue("Retry-After").orElse(null), r.body());
        } catch (HttpTimeoutException e) {
            call = new Call(method, path, sent, Instant.now(), HUNG, null, e.toString());
        } catch (IOException e) {
            call = new Call(method, path, sent, Instant.now(), NO_ANSWER, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
        calls.add(call);
        return call;
    }

    /** Every call so far, in the order they were answered. */
    List<Call> calls() {
        return List.copyOf(calls);
    }
}
