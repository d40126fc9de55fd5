package se.provtid.queue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.CreatedJobs;

/** GET /api/v1/jobs and GET /api/v1/stats against the running app and a real Redis; nothing claims jobs. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class JobsAndStatsTests {

    private static final String TOKEN = "test-secret-token";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @RegisterExtension
    final CreatedJobs created = new CreatedJobs();

    @Test
    void listsNewestFirstFiltersAndPages() {
        String userA = "list-a-" + System.nanoTime();
        String userB = "list-b-" + System.nanoTime();
        String a1 = start(userA, "normal");
        cancel(a1);
        String b1 = start(userB, "high");
        cancel(b1);
        String a2 = start(userA, "low");
        String b2 = start(userB, "normal");

        // Fleet-wide, newest first, paged two at a time.
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().auth().oauth2(TOKEN).queryParam("limit", 2);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("jobs.job_id");
            assertTrue(ids.size() <= 2);
            seen.addAll(ids);
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null && pages < 50);
        assertNull(cursor, "the last page has no next_cursor");
        assertEquals(seen.size(), seen.stream().distinct().count(), "no job twice across pages");
        assertEquals(List.of(b2, a2, b1, a1), seen.subList(0, 4), "my jobs are the newest");

        // One user's jobs, one per page.
        JsonPath first = given().auth().oauth2(TOKEN).queryParam("user_id", userA).queryParam("limit", 1)
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(a2), first.getList("jobs.job_id"));
        assertEquals("queued", first.getString("jobs[0].status"));
        assertTrue(first.getInt("jobs[0].queue_position") > 0);
        String next = first.getString("next_cursor");
        assertNotNull(next);
        given().auth().oauth2(TOKEN).queryParam("user_id", userA).queryParam("limit", 1).queryParam("cursor", next)
                .get("/api/v1/jobs").then().statusCode(200).body("jobs.job_id", equalTo(List.of(a1)))
                .body("jobs[0].status", equalTo("cancelled")).body("next_cursor", nullValue());

        // Filters combine; the view never carries the request (personal number) or a QR.
        given().auth().oauth2(TOKEN).queryParam("user_id", userB).queryParam("status", "cancelled")
                .get("/api/v1/jobs").then().statusCode(200).body("jobs.job_id", equalTo(List.of(b1)))
                .body("jobs[0].user_id", equalTo(userB)).body("jobs[0].request", nullValue());
        List<String> queued = given().auth().oauth2(TOKEN).queryParam("status", "queued").queryParam("limit", 100)
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("jobs.job_id");
        assertTrue(queued.containsAll(List.of(a2, b2)));
        assertFalse(queued.contains(a1) || queued.contains(b1));
        String body = given().auth().oauth2(TOKEN).get("/api/v1/jobs").then().statusCode(200).extract().asString();
        assertFalse(body.contains("personal") || body.contains("qr"), body);
    }

    @Test
    void expiredJobsLeaveTheIndexWhenMet() {
        String user = "prune-" + System.nanoTime();
        String gone = start(user, "normal");
        cancel(gone);
        String kept = start(user, "normal");
        redis.key().del(keys.job(gone));
        given().auth().oauth2(TOKEN).queryParam("user_id", user).get("/api/v1/jobs").then().statusCode(200)
                .body("jobs.job_id", equalTo(List.of(kept)));
        assertTrue(redis.sortedSet(String.class).zscore(keys.userJobIndex(user), gone).isEmpty());
        assertTrue(redis.sortedSet(String.class).zscore(keys.jobIndex(), gone).isEmpty());
        assertTrue(redis.sortedSet(String.class).zscore(keys.jobIndex(), kept).isPresent());
        // The user's index lives while the user has an active job; once it ends, it expires after the retention.
        assertEquals(-1, redis.key().ttl(keys.userJobIndex(user)));
        cancel(kept);
        assertTrue(redis.key().ttl(keys.userJobIndex(user)) > 0);
    }

    @Test
    void badQueryParametersAreProblems() {
        problem("status", "running", "status", "one_of");
        problem("limit", "0", "limit", "range");
        problem("limit", "101", "limit", "range");
        problem("limit", "ten", "limit", "range");
        problem("cursor", "not a cursor!", "cursor", "format");
        given().get("/api/v1/jobs").then().statusCode(401);
        given().get("/api/v1/stats").then().statusCode(401);
    }

    @Test
    void statsCountQueuedByPriorityAndFinishedJobs() {
        JsonPath before = stats();
        String high = start("stats-h-" + System.nanoTime(), "high");
        String low = start("stats-l-" + System.nanoTime(), "low");
        JsonPath queued = stats();
        assertEquals(before.getLong("queued.high") + 1, queued.getLong("queued.high"));
        assertEquals(before.getLong("queued.low") + 1, queued.getLong("queued.low"));
        assertEquals(before.getLong("queued.normal"), queued.getLong("queued.normal"));
        assertEquals(before.getLong("queued.total") + 2, queued.getLong("queued.total"));
        assertEquals(0, queued.getLong("running"));
        assertEquals(0, queued.getLong("workers_alive"), "an API-only process runs no workers");

        cancel(high);
        JsonPath after = stats();
        assertEquals(queued.getLong("queued.high") - 1, after.getLong("queued.high"));
        assertEquals(queued.getLong("finished.last_24_hours.cancelled") + 1,
                after.getLong("finished.last_24_hours.cancelled"));
        assertTrue(after.getLong("finished.this_hour.cancelled") >= 1);
        assertEquals(queued.getLong("finished.last_24_hours.completed"),
                after.getLong("finished.last_24_hours.completed"));
        assertTrue(after.getLong("webhooks.backlog") >= 0 && after.getLong("webhooks.dead_letters") >= 0);
        assertNotNull(after.getString("generated_at"));
        cancel(low);
    }

    private static JsonPath stats() {
        return given().auth().oauth2(TOKEN).get("/api/v1/stats").then().statusCode(200).extract().jsonPath();
    }

    private static void problem(String param, String value, String field, String rule) {
        given().auth().oauth2(TOKEN).queryParam(param, value).get("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo(field)).body("rule", equalTo(rule));
    }

    private void cancel(String id) {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .post("/api/v1/booking/cancel/" + id).then().statusCode(200);
    }

    private String start(String user, String priority) {
        LocalDate from = LocalDate.now().plusDays(10);
        Map<String, Object> body = Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov",
                "locations", List.of("Uppsala"),
                "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(20).toString())),
                "priority", priority);
        String id = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/booking/start").then().statusCode(202).extract().path("job_id");
        created.add(id);
        try {
            Thread.sleep(3); // distinct creation times, so "newest first" is one order
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return id;
    }
}
