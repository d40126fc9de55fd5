package se.provtid.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One redis-server (or sentinel) process the test owns on a loopback port, so it can SIGKILL and restart it. */
public final class RedisNode implements AutoCloseable {

    // A test JVM stopped by a timeout or Ctrl-C still takes its Redis processes with it: nothing outlives the run.
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final int port;
    private final Path dir;
    private final List<String> args;
    private Process process;

    private RedisNode(int port, Path dir, List<String> args) {
        this.port = port;
        this.dir = dir;
        this.args = args;
    }

    /** Starts {@code redis-server args... --port port} in the foreground (so we own its process); waits for PING. */
    static RedisNode start(int port, Path dir, List<String> args) throws IOException, InterruptedException {
        RedisNode n = new RedisNode(port, dir, List.copyOf(args));
        n.launch();
        return n;
    }

    /** Starts the process again with the same arguments, port and directory (its AOF and config come back). */
    void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-server"));
        cmd.addAll(args);
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "no"));
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        LIVE.add(process);
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on " + port + " exited; see " + dir);
            }
            if (cli("PING").contains("PONG")) {
                return;
            }
            Thread.sleep(100);
        }
        kill9();
        throw new IllegalStateException("redis-server did not start on " + port + "; see " + dir);
    }

    /** SIGKILL: no shutdown, no AOF flush, the clients' connections reset, as when a machine dies. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        LIVE.remove(process);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** Runs one redis-cli command against this node and returns its output, trimmed. */
    public String cli(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    /** A field of INFO (e.g. "role", "master_link_status"), or "" when the node does not answer. */
    String info(String field) throws IOException, InterruptedException {
        for (String line : cli("INFO").split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "";
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out.trim();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill9(); // thrown away with its directory: nothing to flush
        }
    }
}
