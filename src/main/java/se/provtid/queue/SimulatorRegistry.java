package se.provtid.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/** The Redis side of "one embedded simulator per key prefix": claim, renew and release the registration. */
@Singleton
public class SimulatorRegistry {

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public SimulatorRegistry(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Registers {@code owner} unless a live registration is there; returns the other owner when one is. */
    public Optional<String> claim(String owner, Duration ttl) {
        String key = keys.embeddedSimulator();
        for (int tries = 0; tries < 3; tries++) {
            Boolean set = RedisCalls.blocking(() -> redis.value(String.class).setnx(key, owner));
            if (Boolean.TRUE.equals(set)) {
                RedisCalls.blocking(() -> redis.key().pexpire(key, ttl.toMillis()));
                return Optional.empty();
            }
            String other = RedisCalls.blocking(() -> redis.value(String.class).get(key));
            if (other != null) {
                return Optional.of(other);
            }
            // It lapsed between the two calls: try again.
        }
        return Optional.empty();
    }

    /** Renews {@code owner}'s registration (or takes it over again after a lapse); the current owner otherwise. */
    public Optional<String> renew(String owner, Duration ttl) {
        String key = keys.embeddedSimulator();
        String current = RedisCalls.blocking(() -> redis.value(String.class).get(key));
        if (current != null && !current.equals(owner)) {
            return Optional.of(current);
        }
        RedisCalls.blocking(() -> redis.value(String.class).set(key, owner, new SetArgs().px(ttl)));
        return Optional.empty();
    }

    /** Takes over the registration, for a restart of the same process (its earlier registration was its own). */
    public void replace(String owner, Duration ttl) {
        RedisCalls.blocking(() -> redis.value(String.class).set(keys.embeddedSimulator(), owner,
                new SetArgs().px(ttl)));
    }

    /** Deletes the registration if it is still {@code owner}'s, so a successor need not wait for the TTL. */
    public void release(String owner) {
        String key = keys.embeddedSimulator();
        if (owner.equals(RedisCalls.blocking(() -> redis.value(String.class).get(key)))) {
            RedisCalls.blocking(() -> redis.key().del(key));
        }
    }
}
