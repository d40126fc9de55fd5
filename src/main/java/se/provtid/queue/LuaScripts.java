package se.provtid.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs the Lua scripts under resources/lua by SHA, loading them on first use and after a Redis restart. */
@Singleton
public class LuaScripts {

    private final RedisDataSource redis;
    private final Map<String, String> sources = new ConcurrentHashMap<>();

    public LuaScripts(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Runs a script with its keys and arguments. */
    public Response run(String name, List<String> keys, List<String> args) {
        String source = sources.computeIfAbsent(name, LuaScripts::load);
        List<String> params = new ArrayList<>(keys.size() + args.size() + 2);
        params.add(sha1(source));
        params.add(Integer.toString(keys.size()));
        params.addAll(keys);
        params.addAll(args);
        try {
            return redis.execute("EVALSHA", params.toArray(String[]::new));
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            params.set(0, source);
            return redis.execute("EVAL", params.toArray(String[]::new));
        }
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
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
