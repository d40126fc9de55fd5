package se.provtid.webhook;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;
import se.provtid.api.Problem;

/** Sends a dead letter once more, now, with its original webhook-id; removes it when the receiver takes it. */
@Singleton
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    private final DeadLetterStore letters;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final EndpointStatus status;
    private final WebhookConfig config;

    public DeadLetterReplay(DeadLetterStore letters, WebhookSender sender, WebhookMetrics metrics,
            EndpointStatus status, WebhookConfig config) {
        this.letters = letters;
        this.sender = sender;
        this.metrics = metrics;
        this.status = status;
        this.config = config;
    }

    /** The attempt's result; a 404 or 409 problem when there is nothing to replay or a replay is running. */
    public AttemptResult replay(String id) {
        DeadLetter d = id == null || !id.matches("dl_[0-9a-f]{1,64}") ? null : letters.get(id);
        if (d == null) {
            throw Problem.of(404, "dead-letter-not-found", "Dead letter not found",
                    "No dead letter with id '" + (id == null ? "" : id.replaceAll("[^A-Za-z0-9_]", "?")) + "'.")
                    .with("field", "id").with("rule", "exists").exception();
        }
        if (!letters.lock(id, config.timeout().toMillis() + 5_000)) {
            throw Problem.of(409, "replay-in-progress", "Replay in progress",
                    "This dead letter is being replayed right now; look again in a moment.").exception();
        }
        try {
            AttemptResult r = sender.send(d.endpoint(), d.webhookId(), d.body().getBytes(StandardCharsets.UTF_8),
                    config.timeout());
            long now = System.currentTimeMillis();
            status.record(d.endpoint(), r, now);
            if (r.kind() != AttemptResult.Kind.REFUSED) {
                metrics.attempt(r.nanos(), r.kind() == AttemptResult.Kind.DELIVERED);
            }
            if (r.kind() == AttemptResult.Kind.DELIVERED) {
                letters.delete(id);
                letters.count("replayed");
                letters.count("delivered");
                metrics.count(WebhookMetrics.SUCCESS, 1);
                LOG.infof("dead letter %s (%s of job %s) replayed to %s", id, d.eventType(), d.jobId(),
                        d.endpoint().redacted());
            } else {
                letters.update(d.retried(r));
                letters.count("failed");
                metrics.count(WebhookMetrics.FAILURE, 1);
            }
            return r;
        } finally {
            letters.unlock(id);
        }
    }
}
