package se.provtid.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisUnavailableException;

/**
 * Dead letters in Redis: one expiring key each, plus an index by time of death (pruned as keys expire). On the API's
 * reactive client: only the dead-letter endpoints use it (the dispatcher writes dead letters in its commit script).
 */
@Singleton
public class DeadLetterStore {

    /** Dead letters read with one MGET while listing. */
    private static final int PAGE = 100;

    private final ReactiveRedisDataSource redis;
    private final WebhookKeys keys;
    private final ObjectMapper json;

    public DeadLetterStore(ReactiveRedisDataSource redis, WebhookKeys keys, ObjectMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    /** Newest first, at most {@code limit}, optionally only one job's; reads no further than it needs. */
    public Uni<List<DeadLetter>> list(int limit, String jobId) {
        return execute("ZREVRANGE", keys.deadIndex(), "0", "-1")
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(pages(ids)))
                .onItem().transformToUniAndConcatenate(this::page)
                .onItem().transformToIterable(letters -> letters)
                .select().where(d -> jobId == null || jobId.equals(d.jobId()))
                .select().first(limit)
                .collect().asList();
    }

    /** The dead letter, or null when there is none (or it expired). */
    public Uni<DeadLetter> get(String id) {
        return execute("GET", keys.dead(id)).map(r -> r == null ? null : read(id, r.toString()));
    }

    public Uni<Void> update(DeadLetter d) {
        return execute("SET", keys.dead(d.id()), write(d), "KEEPTTL").replaceWithVoid();
    }

    public Uni<Void> delete(String id) {
        return execute("DEL", keys.dead(id)).chain(() -> execute("ZREM", keys.deadIndex(), id))
                .replaceWithVoid();
    }

    /** Keeps two replays of one dead letter apart for {@code ms}; false when one is running. */
    public Uni<Boolean> lock(String id, long ms) {
        return execute("SET", keys.replayLock(id), "1", "NX", "PX", Long.toString(ms)).map(r -> r != null);
    }

    public Uni<Void> unlock(String id) {
        return execute("DEL", keys.replayLock(id)).replaceWithVoid();
    }

    /** Adds to a fleet-wide counter. */
    public Uni<Void> count(String stat) {
        return execute("HINCRBY", keys.stats(), stat, "1").replaceWithVoid();
    }

    /** One client call; Redis failing comes out as {@link RedisUnavailableException}. */
    private Uni<Response> execute(String command, String... args) {
        return RedisCalls.reactive(redis.execute(command, args));
    }

    private static List<List<String>> pages(Response ids) {
        List<List<String>> pages = new ArrayList<>();
        if (ids == null) {
            return pages;
        }
        List<String> page = new ArrayList<>(PAGE);
        for (Response id : ids) {
            if (page.size() == PAGE) {
                pages.add(page);
                page = new ArrayList<>(PAGE);
            }
            page.add(id.toString());
        }
        if (!page.isEmpty()) {
            pages.add(page);
        }
        return pages;
    }

    /** The page's dead letters in its order; ids whose key expired are dropped from the index. */
    private Uni<List<DeadLetter>> page(List<String> ids) {
        List<String> args = new ArrayList<>(ids.size());
        ids.forEach(id -> args.add(keys.dead(id)));
        return execute("MGET", args.toArray(String[]::new)).chain(values -> {
            List<DeadLetter> letters = new ArrayList<>();
            List<String> expired = new ArrayList<>(List.of(keys.deadIndex()));
            for (int i = 0; i < ids.size(); i++) {
                Response v = values.get(i);
                if (v == null) {
                    expired.add(ids.get(i));
                } else {
                    letters.add(read(ids.get(i), v.toString()));
                }
            }
            return expired.size() == 1 ? Uni.createFrom().item(letters)
                    : execute("ZREM", expired.toArray(String[]::new)).replaceWith(letters);
        });
    }

    private DeadLetter read(String id, String value) {
        try {
            return json.readValue(value, DeadLetter.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt dead letter " + id, e);
        }
    }

    private String write(DeadLetter d) {
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
