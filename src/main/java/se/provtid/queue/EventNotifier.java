package se.provtid.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands.RedisSubscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Wakes local stream readers when a job's stream grows anywhere in the fleet, through one Redis
 * pub/sub subscription per process; readers also poll, so a lost notice only delays them.
 */
@Singleton
public class EventNotifier {

    private static final Logger LOG = Logger.getLogger(EventNotifier.class);

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Map<String, Set<Semaphore>> waiters = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile RedisSubscriber subscriber;

    public EventNotifier(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    void start(@Observes StartupEvent ev) {
        try {
            subscriber = redis.pubsub(String.class).subscribe(keys.notifyChannel(), this::wake);
        } catch (RuntimeException e) {
            // Readers fall back to polling; the subscription is retried by the health loop.
            LOG.warnf("event notifications unavailable, streams will poll: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        RedisSubscriber s = subscriber;
        if (s != null) {
            try {
                s.unsubscribe();
            } catch (RuntimeException ignored) {
                // Shutting down: Redis may already be gone.
            }
        }
    }

    /** Registers a reader of a job's stream; release it with {@link #unregister}. */
    public Semaphore register(String jobId) {
        Semaphore s = new Semaphore(0);
        waiters.computeIfAbsent(jobId, k -> ConcurrentHashMap.newKeySet()).add(s);
        return s;
    }

    public void unregister(String jobId, Semaphore s) {
        waiters.computeIfPresent(jobId, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** Hears about every job whose stream grows (not only jobs with registered readers). */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void wake(String jobId) {
        listeners.forEach(l -> l.accept(jobId));
        Set<Semaphore> set = waiters.get(jobId);
        if (set != null) {
            set.forEach(Semaphore::release);
        }
    }
}
