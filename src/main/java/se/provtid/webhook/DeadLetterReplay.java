package se.provtid.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Sends a dead letter once more, now, with its original webhook-id; removes it when the receiver takes it. Without
 * blocking: the API calls it on the event loop.
 */
@Singleton
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);
    private static final Pattern ID = Pattern.compile("dl_[0-9a-f]{1,64}");
    /** A replay lock outlives the attempt by this much, so a second replay cannot start while one still runs. */
    private static final long LOCK_MARGIN_MS = 5_000;

    private final DeadLetterStore letters;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final ReactiveEndpointStatus status;
    private final WebhookConfig config;

    public DeadLetterReplay(DeadLetterStore letters, WebhookSender sender, WebhookMetrics metrics,
            ReactiveEndpointStatus status, WebhookConfig config) {
        this.letters = letters;
        this.sender = sender;
        this.metrics = metrics;
        this.status = status;
        this.config = config;
    }

    /**
     * The attempt's result; fails with {@link ReplayException.NotFound} when there is nothing to replay and with
     * {@link ReplayException.InProgress} when a replay of it is running.
     */
    public Uni<AttemptResult> replay(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Uni.createFrom().failure(new ReplayException.NotFound(id));
        }
        return letters.get(id).onItem().ifNull().failWith(() -> new ReplayException.NotFound(id))
                .chain(d -> letters.lock(id, config.timeout().toMillis() + LOCK_MARGIN_MS).chain(locked -> locked
                        ? attempt(d).eventually(() -> letters.unlock(id))
                        : Uni.createFrom().failure(new ReplayException.InProgress(id))));
    }

    private Uni<AttemptResult> attempt(DeadLetter d) {
        return sender.sendAsync(d.endpoint(), d.webhookId(), d.body().getBytes(StandardCharsets.UTF_8),
                config.timeout())
                .call(r -> status.record(d.endpoint(), r, System.currentTimeMillis()))
                .call(r -> settle(d, r));
    }

    /** Removes a delivered letter, or counts the failed attempt on it; counts both fleet-wide and in Micrometer. */
    private Uni<Void> settle(DeadLetter d, AttemptResult r) {
        if (r.kind() != AttemptResult.Kind.REFUSED) {
            metrics.attempt(r.nanos(), r.kind() == AttemptResult.Kind.DELIVERED);
        }
        if (r.kind() != AttemptResult.Kind.DELIVERED) {
            return letters.update(d.retried(r)).chain(() -> letters.count("failed"))
                    .invoke(() -> metrics.count(WebhookMetrics.FAILURE, 1));
        }
        return letters.delete(d.id()).chain(() -> letters.count("replayed")).chain(() -> letters.count("delivered"))
                .invoke(() -> {
                    metrics.count(WebhookMetrics.SUCCESS, 1);
                    LOG.infof("dead letter %s (%s of job %s) replayed to %s", d.id(), d.eventType(), d.jobId(),
                            d.endpoint().redacted());
                });
    }
}
