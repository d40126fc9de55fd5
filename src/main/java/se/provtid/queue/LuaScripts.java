package se.provtid.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
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
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    public LuaScripts(WorkerRedis workers, ReactiveRedisDataSource reactive) {
        this.workers = workers;
        this.reactive = reactive;
    }

    /** Runs a script on the workers' client, waiting for its answer; fails with {@link RedisUnavailableException}. */
    public Response run(String name, List<String> keys, List<String> args) {
        Script s = script(name);
        try {
            return workers.get().execute("EVALSHA", params(s.sha(), keys, args));
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw RedisCalls.translate(e);
            }
            return RedisCalls.blocking(() -> workers.get().execute("EVAL", params(s.source(), keys, args)));
        }
    }

    /** Runs a script on the API's reactive client; fails with {@link RedisUnavailableException}. */
    public Uni<Response> call(String name, List<String> keys, List<String> args) {
        Script s = script(name);
        return RedisCalls.reactive(reactive.execute("EVALSHA", params(s.sha(), keys, args))
                .onFailure(LuaScripts::isNoScript)
                .recoverWithUni(() -> reactive.execute("EVAL", params(s.source(), keys, args))));
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
