package se.provtid.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import se.provtid.queue.EventLog;
import se.provtid.queue.StoredEvent;
import se.provtid.queue.StreamIds;

/**
 * Delivers one job's events to one endpoint, in stream order, while holding that pair's lease: each event until it
 * gets a 2xx, is dead-lettered, or (QR frames) is dropped; stops when caught up or when the next retry is not due.
 * The job's stream is the outbox: the cursor moves only after the event is settled.
 */
@Singleton
public class PairDelivery {

    private static final Logger LOG = Logger.getLogger(PairDelivery.class);
    private static final int BATCH = 100;

    private final EventLog log;
    private final DeliveryStore store;
    private final DeliveryLeases leases;
    private final WebhookSender sender;
    private final RetryPolicy retry;
    private final WebhookMetrics metrics;
    private final EndpointStatus status;
    private final WebhookConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public PairDelivery(EventLog log, DeliveryStore store, DeliveryLeases leases, WebhookSender sender,
            RetryPolicy retry, WebhookMetrics metrics, EndpointStatus status, WebhookConfig config, ObjectMapper json,
            Clock clock) {
        this.log = log;
        this.store = store;
        this.leases = leases;
        this.sender = sender;
        this.retry = retry;
        this.metrics = metrics;
        this.status = status;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** Works the pair until it is caught up, waiting for a retry, done, or its lease is lost. */
    public void run(String jobId, Endpoint endpoint, String token) {
        PairState st = store.load(jobId).pair(endpoint.id());
        while (!st.done() && !Thread.currentThread().isInterrupted()) {
            if (!leases.renew(jobId, endpoint.id(), token)) {
                return;
            }
            List<StoredEvent> batch = log.after(jobId, st.cursor(), BATCH);
            Map<String, Long> stats = new HashMap<>();
            Instant now = clock.instant();
            StoredEvent head = null;
            boolean passedOver = false;
            for (int i = 0; i < batch.size() && head == null && !st.done(); i++) {
                StoredEvent e = batch.get(i);
                if (!endpoint.wants(e.type())) {
                    // Not a kind this receiver asked for: passed over (a final one still ends the pair).
                    st = st.past(e.id(), e.isFinal());
                    passedOver = true;
                } else if (e.isQr() && QrFrameRules.stale(batch, i, now, json)) {
                    // Stale or coalesced: never sent late, never in the way of what follows.
                    st = st.past(e.id(), false);
                    add(stats, "dropped_qr");
                } else {
                    head = e;
                }
            }
            if (head == null) {
                boolean changed = !stats.isEmpty() || passedOver;
                if (changed && !settle(token, jobId, endpoint, st, batch, null, stats) || batch.size() < BATCH) {
                    return; // caught up (or lease lost)
                }
                continue; // a whole batch of stale frames: read on
            }
            st = st.on(head.id());
            if (st.waiting(now.toEpochMilli())) {
                settle(token, jobId, endpoint, st, batch, null, stats);
                return;
            }
            AttemptResult r = attempt(jobId, endpoint, head);
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down: this attempt proves nothing about the receiver
            }
            Outcome o = outcome(jobId, endpoint, head, st, r, stats);
            st = o.state();
            if (!settle(token, jobId, endpoint, st, batch, o.dead(), stats) || st.waiting(clock.millis())) {
                return;
            }
        }
    }

    private record Outcome(PairState state, DeadLetter dead) {
    }

    private Outcome outcome(String jobId, Endpoint endpoint, StoredEvent head, PairState st, AttemptResult r,
            Map<String, Long> stats) {
        boolean last = head.isFinal();
        long nowMs = clock.millis();
        switch (r.kind()) {
            case DELIVERED -> {
                add(stats, "delivered");
                return new Outcome(st.past(head.id(), last), null);
            }
            case GONE -> {
                add(stats, "gone");
                LOG.infof("webhook %s answered 410 Gone: no more events of job %s go there", endpoint.redacted(), jobId);
                return new Outcome(st.goneNow(), null);
            }
            default -> {
                add(stats, "failed");
                if (head.isQr()) {
                    add(stats, "dropped_qr");
                    return new Outcome(st.past(head.id(), false), null);
                }
                int attempts = st.attempts() + 1;
                Instant next = r.kind() == AttemptResult.Kind.REFUSED ? null
                        : retry.next(attempts, Instant.ofEpochMilli(nowMs), r.retryAfter());
                if (next != null) {
                    return new Outcome(st.failed(nowMs, next.toEpochMilli(), r.status(), r.error()), null);
                }
                add(stats, "dead");
                LOG.warnf("webhook %s of job %s to %s dead-lettered after %d attempt(s): %s", head.type(), jobId,
                        endpoint.redacted(), attempts, r.error());
                String webhookId = webhookId(jobId, head.id());
                DeadLetter dead = new DeadLetter(DeadLetter.idOf(webhookId, endpoint.id()), jobId, head.id(),
                        head.type(), webhookId, endpoint, attempts, r.status(), r.error(),
                        st.firstAttemptAt() == 0 ? nowMs : st.firstAttemptAt(), nowMs, head.json());
                return new Outcome(st.past(head.id(), last), dead);
            }
        }
    }

    private AttemptResult attempt(String jobId, Endpoint endpoint, StoredEvent head) {
        Duration timeout = head.isQr() ? QrFrameRules.timeout(head, config.timeout(), clock.instant(), json)
                : config.timeout();
        store.inFlight(jobId, endpoint, clock.millis() + timeout.toMillis());
        AttemptResult r;
        try {
            r = sender.send(endpoint, webhookId(jobId, head.id()), head.json().getBytes(StandardCharsets.UTF_8),
                    timeout);
        } finally {
            store.landed(jobId, endpoint);
        }
        boolean ok = r.kind() == AttemptResult.Kind.DELIVERED;
        if (r.kind() != AttemptResult.Kind.REFUSED) {
            metrics.attempt(r.nanos(), ok);
        }
        status.record(endpoint, r, clock.millis());
        LOG.debugf("webhook %s of job %s to %s: %s", head.type(), jobId, endpoint.redacted(),
                ok ? r.status() : r.error());
        return r;
    }

    /** Commits under the lease and, once committed, counts the outcomes in Micrometer. */
    private boolean settle(String token, String jobId, Endpoint endpoint, PairState st, List<StoredEvent> batch,
            DeadLetter dead, Map<String, Long> stats) {
        boolean saved = store.commit(token, jobId, endpoint, st, st.done() ? null : waiting(batch, st), dead, stats);
        if (saved) {
            metrics.count(WebhookMetrics.SUCCESS, stats.getOrDefault("delivered", 0L));
            metrics.count(WebhookMetrics.FAILURE, stats.getOrDefault("failed", 0L));
            metrics.count(WebhookMetrics.DEAD, stats.getOrDefault("dead", 0L));
            metrics.count(WebhookMetrics.DROPPED_QR, stats.getOrDefault("dropped_qr", 0L));
            metrics.count(WebhookMetrics.GONE, stats.getOrDefault("gone", 0L));
        }
        return saved;
    }

    /** Events past the cursor in this batch that are still to be delivered (QR frames are never "waiting"). */
    private static DeliveryStore.Waiting waiting(List<StoredEvent> batch, PairState st) {
        int count = 0;
        long oldest = 0;
        for (StoredEvent e : batch) {
            if (StreamIds.compare(e.id(), st.cursor()) > 0 && !e.isQr()) {
                if (count++ == 0) {
                    oldest = StreamIds.millis(e.id());
                }
            }
        }
        return count == 0 ? null : new DeliveryStore.Waiting(count, oldest);
    }

    /**
     * The {@code webhook-id} of one event: derived from the job and the event's stream id, so it is the same on every
     * retry, replay and process, and the same for every endpoint. Has no '.', which the signed content uses.
     */
    private static String webhookId(String jobId, String streamId) {
        return "msg_" + jobId + "_" + streamId;
    }

    private static void add(Map<String, Long> stats, String name) {
        stats.merge(name, 1L, Long::sum);
    }
}
