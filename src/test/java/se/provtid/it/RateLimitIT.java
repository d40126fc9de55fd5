package se.provtid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.RedisServer;

/** Two API processes sharing one Redis share one budget per client: the limit is fleet-wide. */
class RateLimitIT {

    private static final int LIMIT = 6;
    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();

    @Test
    void requestsSpreadOverTwoProcessesShareOneBudget() throws Exception {
        RedisServer redis = RedisServer.start();
        running.track(redis);
        String prefix = "it-rl-" + System.nanoTime();
        var env = AppProcess.env("RATE_LIMIT_REQUESTS", Integer.toString(LIMIT), "RATE_LIMIT_WINDOW", "30");
        AppProcess a = AppProcess.start("rl-api-a", "api", redis, prefix, env);
        running.track(a);
        AppProcess b = AppProcess.start("rl-api-b", "api", redis, prefix, env);
        running.track(b);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 1; i <= LIMIT; i++) {
            HttpResponse<String> r = status(http, i % 2 == 0 ? a : b);
            assertEquals(404, r.statusCode(), "call " + i + ": " + r.body());
            assertEquals(Integer.toString(LIMIT - i), r.headers().firstValue("RateLimit-Remaining").orElse(null),
                    "call " + i + " counted in the shared budget");
        }
        for (AppProcess p : List.of(a, b)) {
            HttpResponse<String> r = status(http, p);
            assertEquals(429, r.statusCode(), r.body());
            assertEquals(true, r.headers().firstValue("Retry-After").isPresent());
        }
    }

    private static HttpResponse<String> status(HttpClient http, AppProcess p) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(p.url() + "/api/v1/booking/status/job_nothing"))
                .header("Authorization", "Bearer " + AppProcess.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
