package se.provtid.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** With an OTLP endpoint set, the start request's trace continues in the worker that runs the job. */
@QuarkusTest
@TestProfile(TracingProfile.class)
class TracingTests {

    @TestHTTPResource
    URL root;

    @Test
    void theWorkersAttemptJoinsTheTraceOfTheStartRequest() throws Exception {
        String traceId = hex(16);
        Map<String, Object> body = Map.of("user_id", "user-" + System.nanoTime(), "license_type", "B",
                "exam_type", "Körprov", "locations", List.of("Sollentuna"), "date_ranges",
                List.of(Map.of("start", TestJobs.TODAY.plusDays(5).toString(),
                        "end", TestJobs.TODAY.plusDays(60).toString())), "auto_book", true);
        var started = given().auth().oauth2(TestJobs.TOKEN).header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .contentType(ContentType.JSON).body(body).post("/api/v1/booking/start").then().statusCode(202)
                .extract().jsonPath();
        String jobId = started.getString("job_id");
        try (SseClient sse = TestJobs.stream(root, started)) {
            sse.await("qr_code_update", TestJobs.WAIT); // the worker is well into the job
        }
        given().auth().oauth2(TestJobs.TOKEN).post("/api/v1/booking/cancel/" + jobId).then().statusCode(200);

        Span attempt = awaitSpan(() -> OtlpReceiver.SPANS.stream().filter(s -> s.getName().equals("job attempt")
                && s.getAttributesList().stream().anyMatch(a -> a.getKey().equals("provtid.job_id")
                        && a.getValue().getStringValue().equals(jobId))).findFirst());
        assertEquals(traceId, HexFormat.of().formatHex(attempt.getTraceId().toByteArray()),
                "the attempt continues the start request's trace");
        List<String> steps = attempt.getEventsList().stream().map(Span.Event::getName).toList();
        assertTrue(steps.containsAll(List.of("starting", "authenticating")), steps.toString());
        Span server = awaitSpan(() -> OtlpReceiver.SPANS.stream()
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                        && HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(traceId)).findFirst());
        assertEquals(attempt.getTraceId(), server.getTraceId());
    }

    private static Span awaitSpan(java.util.function.Supplier<Optional<Span>> find) {
        try {
            return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(find::get, Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            // What was exported instead says more than the timeout does.
            throw new AssertionError("span not exported; got "
                    + OtlpReceiver.SPANS.stream().map(Span::getName).toList(), e);
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros (an invalid id)
        return HexFormat.of().formatHex(b);
    }
}
