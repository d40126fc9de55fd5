package se.provtid.queue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.job.JobEvent;
import se.provtid.job.JobEvents;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.support.CreatedJobs;

/**
 * The scripts' state sets are JobStatus' own, against a real Redis: for a job in each state, what enqueue.lua,
 * requeue-expired.lua, status.lua and list.lua do is what JobStatus says of that state, and a move through
 * transition.lua does what its target state says (back in the queue, a frame worth showing, final). A job is put in a state by
 * writing its status field, as no worker runs here.
 */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class ScriptStatesTests {

    private static final String TOKEN = "test-secret-token";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    JobQueue queue;

    @Inject
    JobListing listing;

    @Inject
    ObjectMapper json;

    @Inject
    JobStore store;

    @RegisterExtension
    final CreatedJobs created = new CreatedJobs();

    @Test
    void aUsersJobInAnyButAFinalStateIsActive() {
        for (JobStatus s : JobStatus.values()) {
            String user = "states-" + s + "-" + System.nanoTime();
            String first = start(user);
            redis.execute("ZREM", keys.queue(), first);
            redis.execute("HSET", keys.job(first), "status", s.name());
            int code = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body(user))
                    .post("/api/v1/booking/start").then().extract().statusCode();
            if (code == 202) {
                created.add(given().auth().oauth2(TOKEN).get("/api/v1/jobs?user_id=" + user).then().extract()
                        .path("jobs[0].job_id"));
            }
            assertEquals(s.isFinal() ? 202 : 409, code, "a second start while the first job is " + s);
            created.cancelAll();
        }
    }

    @Test
    void anExpiredLeaseHandsBackExactlyTheJobsAWorkerRuns() throws Exception {
        Map<JobStatus, String> jobs = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            String id = start("lease-" + s + "-" + System.nanoTime());
            redis.execute("ZREM", keys.queue(), id);
            redis.execute("HSET", keys.job(id), "status", s.name(), "owner", "a-worker-that-died");
            redis.execute("ZADD", keys.leases(), "1", id);
            jobs.put(s, id);
        }
        Set<String> back = new HashSet<>(queue.requeueExpired(100));
        for (Map.Entry<JobStatus, String> e : jobs.entrySet()) {
            String id = e.getValue();
            assertNull(redis.execute("ZSCORE", keys.leases(), id), "the expired lease is gone: " + e.getKey());
            assertEquals(e.getKey().isActive(), back.contains(id), "handed back from " + e.getKey());
            if (!e.getKey().isActive()) {
                assertEquals(e.getKey().name(), hget(id, "status"), "left as it was");
                continue;
            }
            assertEquals(JobStatus.queued.name(), hget(id, "status"));
            assertNull(redis.execute("HGET", keys.job(id), "owner"));
            assertEquals(Long.parseLong(hget(id, "queue_score")),
                    (long) Double.parseDouble(redis.execute("ZSCORE", keys.queue(), id).toString()), "its old place");
            Response last = redis.execute("XREVRANGE", keys.events(id), "+", "-", "COUNT", "1").get(0).get(1);
            JsonNode event = json.readTree(last.get(3).toString());
            assertEquals("status_update", last.get(1).toString());
            assertEquals(JobStatus.queued.name(), event.path("data").path("status").asText());
            assertEquals(JobStatus.queued.progress(), event.path("data").path("progress").asInt());
            assertEquals("Worker lost; job queued again", event.path("data").path("message").asText());
            assertEquals(hget(id, "last_status_id"), redis.execute("XREVRANGE", keys.events(id), "+", "-", "COUNT",
                    "1").get(0).get(0).toString());
        }
    }

    @Test
    void onlyAJobWaitingInTheQueueShowsItsPlace() {
        for (JobStatus s : JobStatus.values()) {
            String user = "place-" + s + "-" + System.nanoTime();
            String id = start(user);
            redis.execute("HSET", keys.job(id), "status", s.name());
            Object position = given().auth().oauth2(TOKEN).get("/api/v1/booking/status/" + id).then()
                    .statusCode(200).extract().path("queue_position");
            assertEquals(s.isQueued(), position != null, "the status view's queue_position while " + s);
            Long listed = listing.page(user, null, null, 10).await().indefinitely().jobs().get(0).queuePosition();
            assertEquals(s.isQueued(), listed != null, "the listing's queue position while " + s);
            redis.execute("HSET", keys.job(id), "status", JobStatus.queued.name());
            created.cancelAll();
        }
        assertTrue(JobStatus.inQueue().contains(JobStatus.queued));
    }

    @Test
    void aMoveDoesWhatItsTargetStateSays() {
        String id = start("moves-" + System.nanoTime());
        String score = hget(id, "queue_score");
        JobEvents events = new JobEvents(id, "moves");
        assertEquals(id, queue.claim("w"), "the queue holds only this job");
        move(id, JobStatus.starting, events.status(JobStatus.starting, new Notice(Notice.Code.opening_site, Map.of(), "Starting")));
        move(id, JobStatus.authenticating, events.qr("bankid.x.0.y", 0, "computed", Instant.now(), "as-token"));
        assertTrue(hget(id, "last_qr_id") != null, "a job that waits for a scan shows its frame");
        move(id, JobStatus.searching, events.status(JobStatus.searching, new Notice(Notice.Code.logged_in, Map.of(), "Searching")));
        assertNull(hget(id, "last_qr_id"), "no frame once it waits for no scan");
        move(id, JobStatus.queued, events.status(JobStatus.queued, new Notice(Notice.Code.queued, Map.of(), "Handed back")));
        assertNull(redis.execute("ZSCORE", keys.leases(), id), "no lease in the queue");
        assertNull(hget(id, "owner"));
        assertEquals(Long.parseLong(score),
                (long) Double.parseDouble(redis.execute("ZSCORE", keys.queue(), id).toString()), "at its old place");
        assertEquals(id, queue.claim("w"));
        move(id, JobStatus.failed, events.status(JobStatus.failed, new Notice(Notice.Code.failed, Map.of(), "Failed")));
        assertNull(redis.execute("ZSCORE", keys.leases(), id), "a final state holds no lease");
        assertNull(redis.execute("ZSCORE", keys.queue(), id));
        assertTrue(redis.execute("TTL", keys.job(id)).toLong() > 0, "a final job expires");
    }

    private void move(String id, JobStatus next, JobEvent event) {
        assertTrue(store.transition(id, next, JobStatus.sourcesOf(next), "w", JobUpdate.of(), List.of(event))
                .applied(), "to " + next);
    }

    private String hget(String id, String field) {
        Response r = redis.execute("HGET", keys.job(id), field);
        return r == null ? null : r.toString();
    }

    private String start(String user) {
        String id = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body(user))
                .post("/api/v1/booking/start").then().statusCode(202).extract().path("job_id");
        created.add(id);
        return id;
    }

    private static Map<String, Object> body(String user) {
        LocalDate from = LocalDate.now().plusDays(10);
        return Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov", "locations", List.of("Uppsala"),
                "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(20).toString())));
    }
}
