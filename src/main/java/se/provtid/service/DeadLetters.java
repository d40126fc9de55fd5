package se.provtid.service;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.provtid.webhook.AttemptResult;
import se.provtid.webhook.DeadLetter;
import se.provtid.webhook.DeadLetterReplay;
import se.provtid.webhook.DeadLetterStore;

/** What operators do with webhook dead letters: list them as they may see them, and replay one; non-blocking. */
@Singleton
public class DeadLetters {

    /** What a replay came to: whether the endpoint took it, its HTTP status (0 when none arrived) and the error. */
    public record Replayed(boolean delivered, int status, String error) {
    }

    private final DeadLetterStore letters;
    private final DeadLetterReplay replay;

    public DeadLetters(DeadLetterStore letters, DeadLetterReplay replay) {
        this.letters = letters;
        this.replay = replay;
    }

    /**
     * Newest first, at most limit, only jobId's when it is not null. Each without its body (it may hold personal
     * data) and with the endpoint redacted: only what is needed to judge and replay it.
     */
    public Uni<List<Map<String, Object>>> list(int limit, String jobId) {
        return letters.list(limit, jobId).map(list -> list.stream().map(DeadLetters::view).toList());
    }

    /** Sends one dead letter again; fails with a ReplayException when there is none or a replay of it runs. */
    public Uni<Replayed> replay(String id) {
        return replay.replay(id)
                .map(r -> new Replayed(r.kind() == AttemptResult.Kind.DELIVERED, r.status(), r.error()));
    }

    private static Map<String, Object> view(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("job_id", d.jobId());
        m.put("event_id", d.eventId());
        m.put("event_type", d.eventType());
        m.put("webhook_id", d.webhookId());
        m.put("endpoint", d.endpoint().redacted());
        m.put("supabase", d.endpoint().supabase());
        m.put("attempts", d.attempts());
        m.put("last_status", d.lastStatus() == 0 ? null : d.lastStatus());
        m.put("last_error", d.lastError());
        m.put("first_attempt_at", Instant.ofEpochMilli(d.firstAttemptAt()).toString());
        m.put("dead_at", Instant.ofEpochMilli(d.deadAt()).toString());
        return m;
    }
}
