package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.provtid.support.RedisServer;
import se.provtid.support.SseClient;

/**
 * The {@code api} role never loads a Playwright class, from start to exit: an API process needs no browser, and the
 * native image (which builds the api role only) could not carry Playwright's driver. The JVM's own class-load log
 * is the witness, so a Playwright class reached by any path (a bean, a catch clause, a shutdown hook) shows up.
 */
class ApiRoleWithoutPlaywrightIT {

    @Test
    void theApiRoleServesABookingsLifeWithoutLoadingPlaywright() throws Exception {
        Path classLog = Path.of("target", "it-logs", "api-role-classes.log").toAbsolutePath();
        Files.createDirectories(classLog.getParent());
        Files.deleteIfExists(classLog);
        try (RedisServer redis = RedisServer.start();
                AppProcess api = AppProcess.start("api-role", "api", redis, "api-role-" + System.nanoTime(), Map.of(),
                        List.of("-Xlog:class+load=info:file=" + classLog))) {
            Response started = given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("user_id", "api-role", "license_type", "B", "exam_type", "Körprov",
                            "locations", List.of("Uppsala"), "date_ranges", List.of(Map.of(
                                    "start", LocalDate.now().plusDays(10).toString(),
                                    "end", LocalDate.now().plusDays(40).toString()))))
                    .post("/api/v1/booking/start");
            assertEquals(202, started.statusCode(), started.asString());
            String id = started.jsonPath().getString("job_id");
            try (SseClient sse = SseClient.open(api.url() + started.jsonPath().getString("stream_url"))) {
                sse.await("status_update", Duration.ofSeconds(10));
            }
            given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).get("/api/v1/booking/status/" + id)
                    .then().statusCode(200);
            given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).get("/api/v1/status/browser-sessions")
                    .then().statusCode(200);
            given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).post("/api/v1/status/maintenance/cleanup")
                    .then().statusCode(200);
            given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).get("/health/detailed").then().statusCode(200);
            given().baseUri(api.url()).auth().oauth2(AppProcess.TOKEN).post("/api/v1/booking/cancel/" + id)
                    .then().statusCode(200);
            assertEquals(0, api.terminate(Duration.ofSeconds(30)), "exit status after SIGTERM");
        }
        List<String> loaded = Files.readAllLines(classLog);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" se.provtid.api.BookingResource ")),
                "the log names the classes the process loaded");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains("com.microsoft.playwright")).toList(),
                "Playwright classes loaded by the api role");
    }
}
