package se.provtid.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import se.provtid.config.RedisTopology;

/**
 * Runs the Lua scripts under resources/lua (each after the shared {@code prelude.lua}) by SHA, sending the source only after a NOSCRIPT (first use, or a
 * Redis restart): blocking on the workers' client, or as a {@link Uni} on the API's reactive client.
 */
@Singleton
public class LuaScripts {

    /** A script's source and its SHA-1, computed once. */
    private record Script(String source, String sha) {
    }

    private final WorkerRedis workers;
    private final ReactiveRedisDataSource reactive;
    private final RedisTopology topology;
    private final Counter unconfirmed;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    public LuaScripts(WorkerRedis workers, ReactiveRedisDataSource reactive, RedisTopology topology,
            MeterRegistry meters) {
        this.workers = workers;
        this.reactive = reactive;
        this.topology = topology;
        this.unconfirmed = Counter.builder("provtid.redis.unconfirmed.writes")
                .description("Writes that must outlive a failover but no replica confirmed in time (answered 503)")
                .register(meters);
    }

    /** Runs a script on the workers' client, waiting for its answer; fails with {@link RedisUnavailableException}. */
    public Response run(String name, List<String> keys, List<String> args) {
        Script s = script(name);
        return RedisCalls.blocking(() -> execute(workers.get(), s, keys, args));
    }

    /**
     * As {@link #run}, for a write a failover must not lose: it counts as done only once {@link RedisTopology#waitReplicas()}
     * replicas have it (WAIT on the connection that wrote it). When they do not confirm it in time the call fails with
     * {@link RedisUnavailableException#unconfirmed()}: the primary has the write, a promoted replica may not.
     */
    public Response runConfirmed(String name, List<String> keys, List<String> args) {
        int replicas = topology.waitReplicas();
        if (replicas == 0) {
            return run(name, keys, args);
        }
        Script s = script(name);
        AtomicReference<Response> out = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        RedisCalls.blocking(() -> workers.get().withConnection(ds -> {
            out.set(execute(ds, s, keys, args));
            acked.set(ds.execute("WAIT", Integer.toString(replicas), Long.toString(topology.waitTimeoutMs()))
                    .toLong());
        }));
        confirm(acked.get(), replicas);
        return out.get();
    }

    /** Runs a script on the API's reactive client; fails with {@link RedisUnavailableException}. */
    public Uni<Response> call(String name, List<String> keys, List<String> args) {
        return RedisCalls.reactive(execute(reactive, script(name), keys, args));
    }

    /** As {@link #runConfirmed}, without blocking. */
    public Uni<Response> callConfirmed(String name, List<String> keys, List<String> args) {
        int replicas = topology.waitReplicas();
        if (replicas == 0) {
            return call(name, keys, args);
        }
        Script s = script(name);
        AtomicReference<Response> out = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        return RedisCalls.reactive(reactive.withConnection(ds -> execute(ds, s, keys, args).invoke(out::set)
                .chain(() -> ds.execute("WAIT", Integer.toString(replicas), Long.toString(topology.waitTimeoutMs())))
                .invoke(r -> acked.set(r.toLong())).replaceWithVoid()))
                .map(v -> {
                    confirm(acked.get(), replicas);
                    return out.get();
                });
    }

    private void confirm(long acked, int replicas) {
        if (acked < replicas) {
            unconfirmed.increment();
            throw RedisUnavailableException.notConfirmed(acked, replicas);
        }
    }

    private static Response execute(RedisDataSource ds, Script s, List<String> keys, List<String> args) {
        try {
            return ds.execute("EVALSHA", params(s.sha(), keys, args));
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            return ds.execute("EVAL", params(s.source(), keys, args));
        }
    }

    private static Uni<Response> execute(ReactiveRedisDataSource ds, Script s, List<String> keys, List<String> args) {
        return ds.execute("EVALSHA", params(s.sha(), keys, args))
                .onFailure(LuaScripts::isNoScript)
                .recoverWithUni(() -> ds.execute("EVAL", params(s.source(), keys, args)));
    }

    private static boolean isNoScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().contains("NOSCRIPT");
    }

    private static String[] params(String script, List<String> keys, List<String> args) {
        String[] p = new String[keys.size() + args.size() + 2];
        p[0] = script;
        p[1] = Integer.toString(keys.size());
        int i = 2;
        for (String k : keys) {
            p[i++] = k;
        }
        for (String a : args) {
            p[i++] = a;
        }
        return p;
    }

    private Script script(String name) {
        return scripts.computeIfAbsent(name, n -> {
            String source = load("prelude") + load(n);
            return new Script(source, sha1(source));
        });
    }

    private static String load(String name) {
        try (InputStream in = LuaScripts.class.getResourceAsStream("/lua/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
