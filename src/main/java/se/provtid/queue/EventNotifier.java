package se.provtid.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Tells this process's listeners (SSE feeds, the webhook dispatcher) when a job's stream grows anywhere in the
 * fleet, through one Redis pub/sub subscription per process. A subscription that fails or ends (Redis restarted)
 * is made again every few seconds; listeners also poll, so a lost notice only delays them.
 */
@Singleton
public class EventNotifier {

    private static final Logger LOG = Logger.getLogger(EventNotifier.class);
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean subscribing = new AtomicBoolean();
    private volatile ReactiveRedisSubscriber subscriber;
    private volatile boolean stopped;
    private volatile boolean warned;

    public EventNotifier(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    void start(@Observes StartupEvent ev) {
        subscribe();
    }

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
        ReactiveRedisSubscriber s = subscriber;
        subscriber = null;
        if (s != null) {
            s.unsubscribe().subscribe().with(x -> { }, e -> { }); // Redis may already be gone at shutdown.
        }
    }

    /** Hears about every job whose stream grows, by id, on a Redis client thread: listeners must not block. */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Whether notices currently arrive; while they do not, listeners should poll more often. */
    public boolean subscribed() {
        return subscriber != null;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        if (subscriber == null && !stopped) {
            subscribe();
        }
    }

    private void subscribe() {
        if (!subscribing.compareAndSet(false, true)) {
            return;
        }
        redis.pubsub(String.class).subscribe(keys.notifyChannel(), this::wake, this::ended, this::failed)
                // An attempt against a Redis that is just coming back may never answer: try again instead.
                .ifNoItem().after(SUBSCRIBE_TIMEOUT).fail()
                .subscribe().with(s -> {
                    subscriber = s;
                    subscribing.set(false);
                    if (warned) {
                        LOG.info("event notifications are back");
                        warned = false;
                    }
                }, e -> {
                    subscribing.set(false);
                    failed(e);
                });
    }

    private void ended() {
        subscriber = null;
    }

    private void failed(Throwable e) {
        subscriber = null;
        if (!warned && !stopped) {
            // The exception's own text may name the Redis URL with its password: log the type only.
            LOG.warnf("event notifications unavailable (%s); streams poll until the subscription is made again",
                    e.getClass().getSimpleName());
            warned = true;
        }
    }

    private void wake(String jobId) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(jobId);
            } catch (RuntimeException e) {
                LOG.debugf("notification listener failed: %s", e.getClass().getName());
            }
        }
    }
}
