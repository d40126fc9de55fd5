package se.provtid.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.provtid.queue.StreamIds;

/**
 * The packaged app killed (SIGKILL) while deliveries are pending, then started again: every event is delivered
 * after the restart, in order, with the ids it had before. Runs the real jar twice against the shared Redis.
 * Failsafe runs it after packaging: {@code ./mvnw verify -DskipITs=false -Dit.test=DeliveryCrashRestartIT}.
 */
class DeliveryCrashRestartIT {

    private static final String TOKEN = "it-secret-token-for-a-prod-process-0123456789";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Covers a lease left by the killed process running out (timeout plus 30 s) and the second start. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String prefix = "provtid-it-" + UUID.randomUUID();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.waitFor();
        }
        // The run's keys live under a prefix of their own; remove them from the shared Redis.
        new ProcessBuilder("bash", "-c", "redis-cli --scan --pattern '" + prefix + "*' | xargs -r redis-cli del")
                .inheritIO().start().waitFor();
    }

    @Test
    void deliveriesPendingWhenTheProcessIsKilledAreDeliveredAfterRestart() throws Exception {
        try (Receiver r = Receiver.start()) {
            r.answer(h -> Receiver.Answer.of(500)); // the receiver is failing while the first process runs
            int portA = freePort();
            Process a = app(portA, "a");
            String jobOne = start(portA, r.url("/crash"));
            String jobTwo = start(portA, r.url("/crash"));
            cancel(portA, jobOne);
            r.await(jobOne, h -> h.size() >= 2, WAIT);
            r.await(jobTwo, h -> h.size() >= 2, WAIT);
            List<String> idsSeenBeforeKill = r.hits().stream().map(Receiver.Hit::id).distinct().toList();

            a.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, leases and cursors left as they were
            int attemptsBefore = r.hits().size();
            r.answer(h -> Receiver.Answer.of(200));
            Thread.sleep(1_500);
            assertEquals(attemptsBefore, r.hits().size(), "nobody delivers while no process runs");

            int portB = freePort();
            app(portB, "b");
            cancel(portB, jobTwo);
            for (String job : List.of(jobOne, jobTwo)) {
                List<Receiver.Hit> hits = r.await(job, h -> h.stream().anyMatch(x -> x.ok()
                        && x.type().equals("job_cancelled")), WAIT);
                List<Receiver.Hit> ok = hits.stream().filter(Receiver.Hit::ok).toList();
                assertEquals(List.of("status_update", "status_update", "job_cancelled"),
                        ok.stream().map(Receiver.Hit::type).toList(), Receiver.describe(hits));
                assertEquals(3, ok.stream().map(Receiver.Hit::id).distinct().count(), "each id delivered once");
                ok.forEach(h -> WebhookVerifier.verify(List.of(SECRET), h));
                List<String> stream = streamOrder(ok);
                assertEquals(stream, ok.stream().map(Receiver.Hit::id).toList(), "delivered in stream order");
            }
            List<String> delivered = r.hits().stream().filter(Receiver.Hit::ok).map(Receiver.Hit::id).toList();
            assertTrue(delivered.containsAll(idsSeenBeforeKill), "ids kept across the restart");
            Thread.sleep(1_000);
            assertEquals(6, r.hits().stream().filter(Receiver.Hit::ok).count(), "nothing delivered twice");
        }
    }

    private Process app(int port, String name) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the app first (mvn verify runs this after package)");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("API_SECRET_TOKEN", TOKEN);
        env.put("PROVTID_ROLE", "api"); // no browser workers: the jobs stay queued until cancelled
        env.put("REDIS_KEY_PREFIX", prefix);
        env.put("WEBHOOK_SECRET", SECRET);
        env.put("WEBHOOK_ALLOW_PRIVATE", "true");
        env.put("RATE_LIMIT_REQUESTS", "1000000");
        env.put("WEBHOOK_TIMEOUT", "5s");
        env.put("WEBHOOK_RETRY_SCHEDULE", "0s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s");
        File out = Files.createTempFile("provtid-it-" + name, ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(out);
        Process p = pb.start();
        processes.add(p);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            assertTrue(p.isAlive(), "app " + name + " exited; see " + out);
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            assertTrue(System.nanoTime() < deadline, "app " + name + " did not start; see " + out);
            Thread.sleep(100);
        }
    }

    private String start(int port, String webhookUrl) throws Exception {
        LocalDate from = LocalDate.now().plusDays(10);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("user_id", "it-" + System.nanoTime(),
                "license_type", "B", "exam_type", "Körprov", "locations", List.of("Uppsala"),
                "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(20).toString())),
                "webhook_url", webhookUrl));
        JsonNode r = post(port, "/api/v1/booking/start", body, 202);
        return r.path("job_id").asText();
    }

    private void cancel(int port, String jobId) throws Exception {
        post(port, "/api/v1/booking/cancel/" + jobId, Map.of("reason", "it", "force", true), 200);
    }

    private JsonNode post(int port, String path, Object body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** The ids sorted by their stream entry id (the part after the job id), i.e. the order events were stored. */
    private static List<String> streamOrder(List<Receiver.Hit> hits) {
        return hits.stream().map(Receiver.Hit::id).sorted((x, y) -> StreamIds.compare(entry(x), entry(y))).toList();
    }

    private static String entry(String webhookId) {
        return webhookId.substring(webhookId.lastIndexOf('_') + 1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
