package se.provtid.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.queue.EventNotifier;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.queue.RedisKeys;
import se.provtid.support.PrivateRedis;
import se.provtid.support.SseClient;
import se.provtid.support.TestJobs;

/** Many subscribers of one job share one reader of its stream; notifications come back after Redis restarts. */
@QuarkusTest
@TestProfile(PrivateRedisApiProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamFanOutTests {

    private static final int SUBSCRIBERS = 20;
    private static final int EVENTS = 5;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource
    URL root;

    @Inject
    JobStore store;

    @Inject
    EventNotifier notifier;

    @Inject
    RedisKeys keys;

    @Test
    @Order(1)
    void everySubscriberGetsEveryEventWhileRedisReadsStayPerJob() throws Exception {
        JsonPath started = TestJobs.start(List.of("Sollentuna"), TestJobs.TODAY.plusDays(5),
                TestJobs.TODAY.plusDays(60), true);
        String jobId = started.getString("job_id");
        List<SseClient> clients = new ArrayList<>();
        try {
            long streamReadsBefore = -1;
            for (int i = 0; i < SUBSCRIBERS; i++) {
                SseClient c = TestJobs.stream(root, started);
                assertEquals(200, c.status());
                c.await("status_update", WAIT); // the snapshot: the job is queued
                clients.add(c);
                if (i == 0) {
                    streamReadsBefore = calls("xrange") + calls("xrevrange");
                }
            }
            long joinReads = calls("xrange") + calls("xrevrange") - streamReadsBefore;
            assertTrue(joinReads <= 3, (SUBSCRIBERS - 1) + " more subscribers read the stream " + joinReads
                    + " times: their snapshot comes from the feed");
            long before = xranges();
            JobEvents events = new JobEvents(jobId, "fan-out");
            for (int i = 1; i <= EVENTS; i++) {
                assertTrue(store.transition(jobId, null, EnumSet.of(JobStatus.queued), null, JobUpdate.of(),
                        List.of(events.status(JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), "note " + i)))).applied());
            }
            for (SseClient c : clients) {
                for (int i = 1; i <= EVENTS; i++) {
                    assertEquals("note " + i, c.await("status_update", WAIT).data().path("message").asText());
                }
            }
            long reads = xranges() - before;
            // Per subscriber, 20 subscribers x 5 events would be 100 reads; the shared feed needs about one per
            // notice (5) plus its slow poll.
            assertTrue(reads <= 3 * EVENTS, "stream reads while " + SUBSCRIBERS + " subscribers followed "
                    + EVENTS + " events: " + reads);
            given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "done"))
                    .post("/api/v1/booking/cancel/" + jobId).then().statusCode(200);
            for (SseClient c : clients) {
                List<SseClient.Event> all = c.awaitEnd(WAIT);
                assertEquals("job_cancelled", all.getLast().type(), "each stream ends after the final event");
            }
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    @Test
    @Order(2)
    void notificationsResumeAfterRedisRestarts() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        notifier.addListener(heard::add);
        awaitSubscribed(true);
        PrivateRedis.server().shutdown();
        awaitSubscribed(false);
        PrivateRedis.server().launch();
        awaitSubscribed(true);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!heard.contains("after-restart") && System.nanoTime() < deadline) {
            PrivateRedis.server().cli("PUBLISH", keys.notifyChannel(), "after-restart");
            Thread.sleep(200);
        }
        assertTrue(heard.contains("after-restart"), "a notice published after the restart reaches the listener");
    }

    private void awaitSubscribed(boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (notifier.subscribed() != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, notifier.subscribed(), "notifier subscribed");
    }

    private static long xranges() throws Exception {
        return calls("xrange");
    }

    private static long calls(String command) throws Exception {
        for (String line : PrivateRedis.server().cli("INFO", "commandstats").split("\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1").trim());
            }
        }
        return 0;
    }
}
