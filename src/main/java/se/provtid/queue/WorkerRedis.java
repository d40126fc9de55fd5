package se.provtid.queue;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Singleton;

/**
 * The blocking Redis client of workers, sweepers and the webhook dispatcher: a connection pool of its own
 * ({@code quarkus.redis.workers.*}), so that API traffic and open streams can never fill the queue a worker waits in.
 */
@Singleton
public class WorkerRedis {

    /** The name of the client in {@code application.properties}. */
    public static final String CLIENT = "workers";

    private final RedisDataSource redis;

    public WorkerRedis(@RedisClientName(CLIENT) RedisDataSource redis) {
        this.redis = redis;
    }

    public RedisDataSource get() {
        return redis;
    }
}
