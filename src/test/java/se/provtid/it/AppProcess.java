package se.provtid.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.provtid.support.RedisServer;

/** The packaged application as a separate OS process (api, worker or all), as it runs in production. */
final class AppProcess implements AutoCloseable {

    static final String TOKEN = "it-secret-token";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final String name;
    private final int port;
    private final Process process;

    private AppProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts the jar with the fleet's shared settings plus {@code env}; waits until /health answers. */
    static AppProcess start(String name, String role, RedisServer redis, String keyPrefix, Map<String, String> env)
            throws IOException, InterruptedException {
        return start(name, role, redis, keyPrefix, env, List.of());
    }

    /** As {@link #start(String, String, RedisServer, String, Map)}, with extra JVM options (before {@code -jar}). */
    static AppProcess start(String name, String role, RedisServer redis, String keyPrefix, Map<String, String> env,
            List<String> jvmOptions) throws IOException, InterruptedException {
        return start(name, role, Map.of("REDIS_URL", redis.url()), keyPrefix, env, jvmOptions);
    }

    /**
     * As {@link #start(String, String, RedisServer, String, Map)}, with the Redis settings given whole (e.g.
     * REDIS_SENTINELS and REDIS_SENTINEL_MASTER, or REDIS_CLUSTER and the seeds in REDIS_URL): no Redis setting of
     * the test's own environment leaks in.
     */
    static AppProcess start(String name, String role, Map<String, String> redisSettings, String keyPrefix,
            Map<String, String> env) throws IOException, InterruptedException {
        return start(name, role, redisSettings, keyPrefix, env, List.of());
    }

    private static AppProcess start(String name, String role, Map<String, String> redisSettings, String keyPrefix,
            Map<String, String> env, List<String> jvmOptions) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " missing: run the package phase first");
        }
        File log = Path.of("target", "it-logs", name + ".log").toFile();
        log.getParentFile().mkdirs();
        for (int attempt = 1;; attempt++) {
            long from = log.length();
            try {
                return startOnce(name, role, redisSettings, keyPrefix, env, jvmOptions, log);
            } catch (Exited e) {
                String output = Files.readString(log.toPath()).substring((int) Math.min(from, log.length()));
                // A free port is free when asked, not always when bound: another process may take it in between.
                if (attempt < 3 && output.contains("in use")) {
                    continue;
                }
                List<String> lines = output.lines().filter(l -> l.contains("ERROR") || l.contains("Exception"))
                        .limit(8).toList();
                throw new IllegalStateException(e.getMessage() + "; see " + log + ":\n" + String.join("\n", lines));
            }
        }
    }

    private static AppProcess startOnce(String name, String role, Map<String, String> redisSettings,
            String keyPrefix, Map<String, String> env, List<String> jvmOptions, File log)
            throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = pb.environment();
        e.putAll(Map.of("QUARKUS_PROFILE", "demo", "QUARKUS_HTTP_PORT", Integer.toString(port),
                "API_SECRET_TOKEN", TOKEN, "REDIS_KEY_PREFIX", keyPrefix,
                "PROVTID_ROLE", role, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
        for (String setting : List.of("REDIS_URL", "REDIS_SENTINELS", "REDIS_SENTINEL_MASTER", "REDIS_CLUSTER",
                "REDIS_WAIT_REPLICAS", "REDIS_WAIT_TIMEOUT")) {
            e.remove(setting);
        }
        e.putAll(redisSettings);
        e.putAll(Map.of("LEASE_DURATION", "PT6S", "HEARTBEAT_INTERVAL", "PT2S", "SEARCH_INTERVAL", "PT1S",
                "WORKER_CONCURRENCY", "3", "MAX_CONCURRENT_JOBS", "20", "SITE_REQUESTS_PER_SECOND", "30",
                "SITE_BURST", "30", "SITE_MAX_BACKOFF", "PT2S", "SHUTDOWN_GRACE", "PT10S"));
        e.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(RedisServer.freePort()));
        e.put("RATE_LIMIT_REQUESTS", "1000000"); // the fleet tests poll hard from one address
        e.putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        AppProcess app = new AppProcess(name, port, pb.start());
        app.awaitHealthy(Duration.ofSeconds(60));
        return app;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new Exited(name + " exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not become healthy");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the process dies on the spot, as in a crash or an OOM kill. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Kubernetes sends; returns the exit code, or -1 if it did not exit in time. */
    int terminate(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The process ended before it was healthy. */
    private static final class Exited extends IllegalStateException {
        Exited(String message) {
            super(message);
        }
    }
}
