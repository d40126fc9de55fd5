package se.provtid.webhook;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import se.provtid.queue.LuaScripts;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.WorkerRedis;

/**
 * Short Redis leases that let one process at a time deliver a given (job, endpoint); they expire if it dies.
 * Blocking, on the workers' client.
 */
@Singleton
public class DeliveryLeases {

    /** Margin over the attempt timeout: a lease is renewed before every attempt and must outlast one. */
    private static final long MARGIN_MS = 30_000;

    private final RedisDataSource redis;
    private final LuaScripts lua;
    private final WebhookKeys keys;
    private final long leaseMs;
    private final SecureRandom random = new SecureRandom();

    public DeliveryLeases(WorkerRedis workers, LuaScripts lua, WebhookKeys keys, WebhookConfig config) {
        this.redis = workers.get();
        this.lua = lua;
        this.keys = keys;
        this.leaseMs = config.timeout().toMillis() + MARGIN_MS;
    }

    /** How long a lease lasts without renewal. */
    public long leaseMs() {
        return leaseMs;
    }

    /** Takes the lease; returns its token, or null when another process holds it. */
    public String take(String jobId, String endpointId) {
        byte[] b = new byte[12];
        random.nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        Response r = RedisCalls.blocking(() -> redis.execute("SET", keys.lease(jobId, endpointId), token, "NX", "PX",
                Long.toString(leaseMs)));
        return r == null ? null : token;
    }

    /** Extends the lease; false when it was lost (expired and maybe taken by another process). */
    public boolean renew(String jobId, String endpointId, String token) {
        return run("renew", jobId, endpointId, token);
    }

    public void release(String jobId, String endpointId, String token) {
        run("release", jobId, endpointId, token);
    }

    private boolean run(String op, String jobId, String endpointId, String token) {
        Response r = lua.run("webhook-lease", List.of(keys.lease(jobId, endpointId)),
                List.of(op, token, Long.toString(leaseMs)));
        return r != null && r.toInteger() == 1;
    }
}
