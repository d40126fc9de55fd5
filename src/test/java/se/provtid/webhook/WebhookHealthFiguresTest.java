package se.provtid.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health document made of what Redis answered, and its stuck rule. */
class WebhookHealthFiguresTest {

    private static final long NOW = 1_764_101_232_000L;
    private static final Duration FIVE = Duration.ofMinutes(5);

    @Test
    void stuckMeansADueLookWaitedTooLong() {
        assertTrue(!WebhookHealthFigures.stuck(null, FIVE));
        assertTrue(!WebhookHealthFigures.stuck(Duration.ofMinutes(4).toMillis(), FIVE));
        assertTrue(WebhookHealthFigures.stuck(Duration.ofMinutes(6).toMillis(), FIVE));
    }

    @Test
    void buildsTheDocumentInItsOrder() {
        List<Map<String, Object>> endpoints = List.of(Map.of("endpoint", "https://hooks.example.com/provtid"));
        Map<String, Object> self = Map.of("dispatcher_running", true);
        Map<String, Object> doc = new WebhookHealthFigures(NOW, NOW - 12_000, NOW - 312_500,
                Map.of("delivered", "1520", "dead", "2", "other", "7"), List.of("2", "1"), 1, 0, 12, endpoints)
                .document(FIVE, self);
        assertEquals(List.of("status", "pending", "pending_deliveries", "in_flight", "delivered", "failed", "dead",
                "dropped_qr", "gone", "replayed", "oldest_pending_age_seconds", "followed_jobs", "overdue_seconds",
                "stuck_after_seconds", "this_process", "endpoints"), new ArrayList<>(doc.keySet()));
        assertEquals("healthy", doc.get("status"));
        assertEquals(3L, doc.get("pending"));
        assertEquals(1L, doc.get("pending_deliveries"));
        assertEquals(1520L, doc.get("delivered"));
        assertEquals(0L, doc.get("failed"), "a counter not yet in Redis is 0");
        assertEquals(312L, doc.get("oldest_pending_age_seconds"));
        assertEquals(12L, doc.get("followed_jobs"));
        assertEquals(12L, doc.get("overdue_seconds"));
        assertEquals(300L, doc.get("stuck_after_seconds"));
        assertEquals(self, doc.get("this_process"));
        assertEquals(endpoints, doc.get("endpoints"));
    }

    @Test
    void anEmptyBacklogHasNoAgeAndNothingOverdue() {
        Map<String, Object> doc = new WebhookHealthFigures(NOW, NOW + 5_000, null, Map.of(), List.of(), 0, 0, 1,
                List.of()).document(FIVE, Map.of());
        assertEquals("healthy", doc.get("status"));
        assertTrue(doc.containsKey("oldest_pending_age_seconds") && doc.get("oldest_pending_age_seconds") == null);
        assertEquals(0L, doc.get("overdue_seconds"), "a look due in the future is not overdue");
    }

    @Test
    void aLookDueLongerThanStuckAfterIsStuck() {
        Map<String, Object> doc = new WebhookHealthFigures(NOW, NOW - 301_000, null, Map.of(), List.of(), 0, 0, 1,
                List.of()).document(FIVE, Map.of());
        assertEquals("stuck", doc.get("status"));
        assertEquals(301L, doc.get("overdue_seconds"));
    }
}
