package se.provtid.webhook;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What /webhooks/health reads from Redis at one instant (epoch ms throughout; null where a set is empty), and the
 * document made of it.
 */
record WebhookHealthFigures(long nowMs, Long oldestDueMs, Long oldestWaitingMs, Map<String, String> counters,
        Collection<String> backlogSizes, long pendingDeliveries, long inFlight, long followedJobs,
        List<Map<String, Object>> endpoints) {

    /** The fleet-wide counters of the stats hash, in the order the document lists them. */
    static final List<String> COUNTERS = List.of("delivered", "failed", "dead", "dropped_qr", "gone", "replayed");

    /**
     * Stuck means nobody is working the backlog: a followed job's look has been due for longer than
     * {@code stuckAfter} (no dispatcher runs, or they cannot keep up). A receiver that is down is not "stuck": its
     * retries are scheduled, so nothing is overdue.
     */
    static boolean stuck(Long overdueMs, Duration stuckAfter) {
        return overdueMs != null && overdueMs > stuckAfter.toMillis();
    }

    /** The health document, without its timestamp; "status" is "stuck" when {@link #stuck} holds. */
    Map<String, Object> document(Duration stuckAfter, Map<String, Object> thisProcess) {
        Long overdue = oldestDueMs == null || oldestDueMs > nowMs ? null : nowMs - oldestDueMs;
        long pending = 0;
        for (String v : backlogSizes) {
            pending += Long.parseLong(v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", stuck(overdue, stuckAfter) ? "stuck" : "healthy");
        out.put("pending", pending);
        out.put("pending_deliveries", pendingDeliveries);
        out.put("in_flight", inFlight);
        for (String c : COUNTERS) {
            out.put(c, Long.parseLong(counters.getOrDefault(c, "0")));
        }
        out.put("oldest_pending_age_seconds",
                oldestWaitingMs == null ? null : Math.max(0, (nowMs - oldestWaitingMs) / 1000));
        out.put("followed_jobs", followedJobs);
        out.put("overdue_seconds", overdue == null ? 0 : overdue / 1000);
        out.put("stuck_after_seconds", stuckAfter.toSeconds());
        out.put("this_process", thisProcess);
        out.put("endpoints", endpoints);
        return out;
    }
}
