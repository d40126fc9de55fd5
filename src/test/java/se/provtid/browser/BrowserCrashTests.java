package se.provtid.browser;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.site.SiteBaseUrl;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** A browser killed (-9) under a job that is searching: the job carries on on a new host and still books. */
@QuarkusTest
class BrowserCrashTests {

    @TestHTTPResource("/")
    URL root;

    @Inject
    BrowserFleet fleet;

    @Inject
    SiteBaseUrl siteBase;

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void killingTheBrowserMidJobMovesTheJobToANewHostAndItStillBooks() throws Exception {
        TestJobs.scenario(Map.of("no_slots", true)); // keep the job searching until the browser is dead
        JsonPath started = TestJobs.start(List.of("Göteborg"), TestJobs.TODAY.plusDays(10), TestJobs.TODAY.plusDays(40),
                true);
        String jobId = started.getString("job_id");
        try (SseClient sse = TestJobs.stream(root, started)) {
            TestJobs.scanNextQr(sse);
            TestJobs.awaitNote(sse, "searching for a slot");
            BrowserHost host = fleet.hosts().stream()
                    .filter(h -> h.sessions().stream().anyMatch(s -> s.jobId().equals(jobId))).findFirst()
                    .orElseThrow();
            // Searching resolved the places: the browser now reports a position near the first one (Göteborg).
            BrowserSession session = host.sessions().stream().filter(x -> x.jobId().equals(jobId)).findFirst()
                    .orElseThrow();
            // The site's own origin (a secure, loopback one): only it may read the position.
            session.onPage(page -> page.navigate(siteBase.get() + "/Boka/ng/"));
            String where = "denied";
            for (int i = 0; i < 100 && where.equals("denied"); i++) {
                Thread.sleep(100); // the places are resolved just after the move to searching
                where = session.onPage(page -> (String) page.evaluate("() => new Promise(ok => navigator.geolocation"
                        + ".getCurrentPosition(p => ok(p.coords.latitude + ',' + p.coords.longitude), e => ok('denied')))"));
            }
            String[] at = where.split(",");
            assertTrue(Math.abs(Double.parseDouble(at[0]) - 57.724) < 0.05
                    && Math.abs(Double.parseDouble(at[1]) - 11.97) < 0.05, where);
            long pid = host.browserPid();
            assertTrue(pid > 0, "the host knows its browser's pid");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // the browser crashes

            // The job's next call fails, the host is replaced, the job resumes elsewhere with its saved session:
            // no second QR code, no second scan.
            SseClient.Event back = TestJobs.awaitNote(sse, "browser_unavailable");
            assertEquals("queued", back.data().path("status").asText());
            TestJobs.scenario(Map.of("no_slots", false));
            sse.await("booking_completed", TestJobs.WAIT);
            assertTrue(sse.types().stream().filter("qr_code_update"::equals).count() >= 1);
            long qrAfterCrash = sse.awaitEnd(java.time.Duration.ofSeconds(10)).stream()
                    .dropWhile(e -> !e.id().equals(back.id())).filter(e -> e.type().equals("qr_code_update")).count();
            assertEquals(0, qrAfterCrash, "the saved site session carried over: no new login");
        }
        assertEquals(1, TestJobs.siteBookings().size());
        assertTrue(fleet.hosts().stream().noneMatch(h -> h.browserPid() > 0 && !ProcessHandle.of(h.browserPid())
                .map(ProcessHandle::isAlive).orElse(false)), "no host with a dead browser is kept");
    }
}
