package se.provtid.search;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.provtid.queue.ApiOnlyProfile;
import se.provtid.queue.RedisKeys;
import se.provtid.service.PlaceCatalog;

/**
 * The {@code search} object of GET /api/v1/stats over real HTTP, from the Redis hashes the fleet search writes
 * (seeded here as the planner, the hand-out and the sighting log write them).
 */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class SearchStatsTests {

    private static final String TOKEN = "test-secret-token";
    private static final long STOCKHOLM = 1000140;
    private static final long UPPSALA = 1000071;
    private static final long UNKNOWN = 9_999_999;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ObjectMapper json;

    @Inject
    PlaceCatalog catalog;

    @BeforeEach
    @AfterEach
    void clean() {
        redis.key().del(keys.searchCalls(), keys.searchCallStats(), keys.searchCounters(), keys.searchPlaceStats());
    }

    @Test
    void withNothingSearchedTheSearchIsEmpty() {
        JsonPath s = stats();
        assertEquals("fleet", s.getString("search.mode"), "SEARCH_MODE's default");
        assertEquals(List.of(), s.getList("search.calls"));
        assertEquals(List.of(), s.getList("search.places"));
        assertEquals(Map.of("looks", 0, "slots_found", 0, "handed_out", 0, "went_to_other", 0, "lost_races", 0,
                "self_collisions", 0, "holds", 0), s.getMap("search.counters"));
    }

    @Test
    void thePlanItsCountersAndWhatTheFleetLearnedArePlainFigures() throws Exception {
        catalog.learn(Map.of("Stockholm", STOCKHOLM, "Uppsala", UPPSALA)); // as a worker's login does
        String busy = "B|driving_test|manual|" + STOCKHOLM + "," + UPPSALA;
        String quiet = "B|driving_test|automatic|" + UNKNOWN;
        long lastLook = 1_796_000_123_456L;
        var calls = redis.hash(String.class);
        calls.hset(keys.searchCalls(), Map.of(
                busy, json.writeValueAsString(new PlannedCall(busy, "B|driving_test|manual",
                        List.of(STOCKHOLM, UPPSALA), LocalDate.of(2026, 12, 8), 3200, 12)),
                quiet, json.writeValueAsString(new PlannedCall(quiet, "B|driving_test|automatic",
                        List.of(UNKNOWN), LocalDate.of(2026, 12, 9), 9_000, 1)),
                "garbage", "{not json"));
        calls.hset(keys.searchCallStats(), Map.of("looks:" + busy, "100", "found:" + busy, "3", "handed:" + busy, "2",
                "last:" + busy, Long.toString(lastLook), "looks:gone-call", "7"));
        calls.hset(keys.searchCounters(), Map.of("looks", "101", "slots_found", "3", "handed_out", "2",
                "went_to_other", "4", "lost_races", "1", "self_collisions", "0", "holds", "2"));
        calls.hset(keys.searchPlaceStats(), Map.of(STOCKHOLM + ":appeared", "5", STOCKHOLM + ":gone", "4",
                STOCKHOLM + ":lifetime_ms", "322000", STOCKHOLM + ":late", "1", UNKNOWN + ":appeared", "1"));

        JsonPath s = stats();
        // The call most people wait on first; a call's figures by its key; a garbled entry is left out.
        assertEquals(2, s.getList("search.calls").size());
        assertEquals("B|driving_test|manual", s.getString("search.calls[0].exam"));
        assertEquals(List.of("Stockholm", "Uppsala"), s.getList("search.calls[0].places"));
        assertEquals(3.2, s.getDouble("search.calls[0].looked_every_seconds"), 1e-9);
        assertEquals(12, s.getInt("search.calls[0].wanted_by"));
        assertEquals(100, s.getLong("search.calls[0].looks"));
        assertEquals(3, s.getLong("search.calls[0].found"));
        assertEquals(2, s.getLong("search.calls[0].handed_out"));
        assertEquals(Instant.ofEpochMilli(lastLook).toString(), s.getString("search.calls[0].last_look_at"));
        // An id no place list names is shown as the id; a call not looked at yet has zeros and no last look.
        assertEquals(List.of(Long.toString(UNKNOWN)), s.getList("search.calls[1].places"));
        assertEquals(9.0, s.getDouble("search.calls[1].looked_every_seconds"), 1e-9);
        assertEquals(0, s.getLong("search.calls[1].looks"));
        assertNull(s.get("search.calls[1].last_look_at"));

        assertEquals(Map.of("looks", 101, "slots_found", 3, "handed_out", 2, "went_to_other", 4, "lost_races", 1,
                "self_collisions", 0, "holds", 2), s.getMap("search.counters"));

        assertEquals(List.of("9999999", "Stockholm"), s.getList("search.places.location"));
        assertEquals(5, s.getLong("search.places[1].appeared"));
        assertEquals(4, s.getLong("search.places[1].gone"));
        assertEquals(80.5, s.getDouble("search.places[1].mean_lifetime_seconds"), 1e-9);
        assertEquals(1, s.getLong("search.places[1].late_cancellations"));
        assertEquals(1, s.getLong("search.places[0].appeared"));
        assertNull(s.get("search.places[0].mean_lifetime_seconds"), "no slot gone yet: no mean lifetime");
    }

    private static JsonPath stats() {
        return given().auth().oauth2(TOKEN).get("/api/v1/stats").then().statusCode(200).extract().jsonPath();
    }
}
