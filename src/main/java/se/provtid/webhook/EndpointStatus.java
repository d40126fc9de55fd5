package se.provtid.webhook;

import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.WorkerRedis;

/** The last attempt on each endpoint (by redacted URL), fleet-wide: the dispatcher's side, on the workers' client. */
@Singleton
public class EndpointStatus {

    private final HashCommands<String, String, String> hashes;
    private final WebhookKeys keys;
    private final EndpointStatusCodec codec;
    private final long retentionMs;

    EndpointStatus(WorkerRedis workers, WebhookKeys keys, EndpointStatusCodec codec, WebhookConfig config) {
        this.hashes = workers.get().hash(String.class);
        this.keys = keys;
        this.codec = codec;
        this.retentionMs = config.retention().toMillis();
    }

    /** Records an attempt; keeps the time of the endpoint's last success. */
    public void record(Endpoint endpoint, AttemptResult r, long nowMs) {
        String field = endpoint.redacted();
        String prior = RedisCalls.blocking(() -> hashes.hget(keys.endpoints(), field));
        RedisCalls.blocking(() -> hashes.hset(keys.endpoints(), field, codec.entry(endpoint, r, nowMs, prior)));
    }

    /** Forgets endpoints not attempted within the retention, so one-off job URLs do not pile up. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        long cutoff = System.currentTimeMillis() - retentionMs;
        RedisCalls.blocking(() -> hashes.hgetall(keys.endpoints())).forEach((field, v) -> {
            if (codec.stale(v, cutoff)) {
                RedisCalls.blocking(() -> hashes.hdel(keys.endpoints(), field));
            }
        });
    }
}
