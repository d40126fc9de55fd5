package se.provtid.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A redis-server of the test's own, on a free port, with AOF on, that a test may stop and start again. */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        RedisServer r = new RedisServer(freePort(), Files.createTempDirectory("provtid-it-redis"));
        r.launch();
        return r;
    }

    public void launch() throws IOException, InterruptedException {
        run(List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec",
                "--maxmemory-policy", "noeviction", "--save", "", "--logfile", dir.resolve("redis.log").toString()));
        for (int i = 0; i < 100; i++) {
            if (cli("PING").contains("PONG")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }

    /** Stops the server the way an operator restarting it would (the AOF is flushed). */
    public void shutdown() throws IOException, InterruptedException {
        cli("SHUTDOWN");
        for (int i = 0; i < 100 && cli("PING").contains("PONG"); i++) {
            Thread.sleep(100);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Runs one redis-cli command and returns its output. */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return out.trim();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        shutdown();
    }
}
