package se.provtid.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The real logging setup (the profile adds a log file with the same filter): what is logged is masked, lines about a
 * job carry its ids, requests get an id, and the access log leaves out query strings.
 */
@QuarkusTest
@TestProfile(LoggingTestProfile.class)
class LoggingSetupTests {

    private static final Logger LOG = Logger.getLogger("se.provtid.logging.test");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    @Test
    void everySensitiveKindIsMaskedInTheLog() throws Exception {
        String marker = "mark-" + UUID.randomUUID();
        String qr = "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.3." + "0f".repeat(32);
        List<String> secrets = List.of("199001012384", "19900101-2384", "900101-2384", "9001012384", qr,
                "Bearer test-bearer-value-42", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "Cookie: ASP.NET_SessionId=abc123", "Set-Cookie: LoginValid=yes; Path=/",
                "autostart_token=5f0b9e3c-0d1a-4c2e-9b7a-2f1d8e6c4a10");
        for (int i = 0; i < secrets.size(); i++) {
            LOG.infof("%s case %d: %s", marker, i, secrets.get(i));
        }
        LOG.info(marker + " inline 19900101-2384 and job_0123456789abcdef01234567 at 1733030000123-0 port 6379");
        LOG.error(marker + " failed", new IllegalStateException("person 19900101-2384 with Bearer abcdef"));

        List<String> lines = linesWith(marker, 12);
        String all = String.join("\n", lines) + "\n" + String.join("\n", tail(marker));
        for (int i = 0; i < secrets.size(); i++) {
            String s = secrets.get(i);
            String value = s.contains(":") ? s.substring(s.indexOf(':') + 1).trim()
                    : s.contains("=") ? s.substring(s.indexOf('=') + 1) : s.replace("Bearer ", "");
            assertFalse(all.contains(value), "case " + i + " reached the log unmasked");
            assertTrue(lines.stream().anyMatch(l -> l.contains(Redaction.MASK)), "no mask in the log");
        }
        assertTrue(all.contains("job_0123456789abcdef01234567 at 1733030000123-0 port 6379"), "ids were masked");
        assertTrue(all.contains("person [redacted] with Bearer [redacted]"),
                "the exception's message is not masked");
        assertFalse(all.contains("abcdef\n"), "the exception's bearer token reached the log");
    }

    @Test
    void linesAboutAJobCarryItsIds() throws Exception {
        String marker = "mark-" + UUID.randomUUID();
        String job = "job_00112233445566778899aabb";
        try (LogContext _ = LogContext.job(job, "worker-test-1")) {
            LOG.info(marker + " inside");
        }
        LOG.info(marker + " outside");
        List<String> lines = linesWith(marker, 2);
        String inside = lines.stream().filter(l -> l.contains("inside")).findFirst().orElseThrow();
        String outside = lines.stream().filter(l -> l.contains("outside")).findFirst().orElseThrow();
        assertTrue(inside.contains("job_id") && inside.contains(job) && inside.contains("worker-test-1"), inside);
        assertFalse(outside.contains("job_id"), outside);
    }

    @Test
    void aRequestGetsAnIdAndTheAccessLogLeavesOutTheQuery() throws Exception {
        String mine = "req-" + UUID.randomUUID();
        HttpResponse<String> echoed = get("health?token=secret-" + mine, mine);
        assertEquals(mine, echoed.headers().firstValue("X-Request-Id").orElse(null));

        HttpResponse<String> fresh = get("api/v1/booking/status/job_00112233445566778899aabb?token=x", "bad id");
        String generated = fresh.headers().firstValue("X-Request-Id").orElse("");
        assertEquals(401, fresh.statusCode());
        assertTrue(generated.matches("[0-9a-f]{32}"), "no generated request id");
        assertNotEquals("bad id", generated);

        List<String> access = linesWith(mine, 1);
        String line = access.stream().filter(l -> l.contains("/health")).findFirst().orElseThrow();
        assertTrue(line.contains("GET /health "), "the access line names the path");
        assertFalse(String.join("\n", access).contains("secret-"), "a query string reached the access log");
        assertFalse(String.join("\n", access).contains("token="), "a query string reached the access log");
        assertTrue(linesWith(generated, 1).stream().anyMatch(l -> l.contains("/api/v1/booking/status/job_")));
    }

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The log file's lines containing the text, waiting until there are at least {@code atLeast}. */
    private static List<String> linesWith(String text, int atLeast) throws Exception {
        List<String> found = List.of();
        for (int i = 0; i < 50; i++) {
            Path file = Path.of(LoggingTestProfile.LOG_FILE);
            if (Files.exists(file)) {
                found = Files.readAllLines(file).stream().filter(l -> l.contains(text)).toList();
                if (found.size() >= atLeast) {
                    return found;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the log file has " + found.size() + " of " + atLeast + " expected lines");
    }

    /** Every line from the first one containing the marker to the end (stack traces included). */
    private static List<String> tail(String marker) throws Exception {
        List<String> all = Files.readAllLines(Path.of(LoggingTestProfile.LOG_FILE));
        int i = 0;
        while (i < all.size() && !all.get(i).contains(marker)) {
            i++;
        }
        return all.subList(i, all.size());
    }
}
