package se.provtid.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A primary, one replica and three sentinels watching it as {@value #MASTER} (quorum 2), on loopback in a temp
 * directory, tuned to fail over within seconds; a test kills the primary with SIGKILL and waits for the promotion.
 */
public final class SentinelSet implements AutoCloseable {

    public static final String MASTER = "mymaster";
    private static final List<String> DATA = List.of("--appendonly", "yes", "--appendfsync", "everysec", "--save",
            "", "--maxmemory-policy", "noeviction", "--logfile", "redis.log");

    private final Path root;
    private final List<RedisNode> data = new ArrayList<>();
    private final List<RedisNode> sentinels = new ArrayList<>();
    private final int replicas;
    private RedisNode primary;
    private RedisNode killed;

    private SentinelSet(Path root, int replicas) {
        this.root = root;
        this.replicas = replicas;
    }

    /** Starts the set with one replica and returns once every sentinel knows it and the other two sentinels. */
    public static SentinelSet start() throws IOException, InterruptedException {
        return start(1);
    }

    /** As {@link #start()} with this many replicas: with two, the promoted one still has a replica to confirm. */
    public static SentinelSet start(int replicas) throws IOException, InterruptedException {
        SentinelSet s = new SentinelSet(Files.createTempDirectory("provtid-it-sentinel"), replicas);
        try {
            s.launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void launch() throws IOException, InterruptedException {
        primary = node("primary", DATA);
        List<String> replicaArgs = new ArrayList<>(DATA);
        replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
        for (int i = 1; i <= replicas; i++) {
            RedisNode replica = node("replica-" + i, replicaArgs);
            // Sentinels learn the replicas from the primary's INFO: attached before they first look.
            Waits.until(() -> "up".equals(replica.info("master_link_status")), Duration.ofSeconds(20),
                    "replica attached to the primary");
        }
        for (int i = 1; i <= 3; i++) {
            sentinels.add(sentinel("sentinel-" + i));
        }
        Waits.until(this::sentinelsAgree, Duration.ofSeconds(30), "sentinels see the replica and each other");
    }

    private RedisNode node(String name, List<String> args) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(root.resolve(name));
        RedisNode n = RedisNode.start(RedisServer.freePort(), dir, args);
        data.add(n);
        return n;
    }

    private RedisNode sentinel(String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(root.resolve(name));
        Path conf = dir.resolve("sentinel.conf"); // sentinel rewrites its file: ours, writable
        Files.writeString(conf, String.join("\n",
                "dir " + dir,
                "logfile sentinel.log",
                "sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port() + " 2",
                "sentinel down-after-milliseconds " + MASTER + " 1000",
                "sentinel failover-timeout " + MASTER + " 5000",
                "sentinel parallel-syncs " + MASTER + " 1", ""));
        return RedisNode.start(RedisServer.freePort(), dir, List.of(conf.toString(), "--sentinel"));
    }

    private boolean sentinelsAgree() throws IOException, InterruptedException {
        for (RedisNode s : sentinels) {
            String m = s.cli("SENTINEL", "MASTER", MASTER);
            if (!field(m, "num-slaves").equals(Integer.toString(replicas)) || !field(m, "num-other-sentinels").equals("2")) {
                return false;
            }
        }
        return true;
    }

    /** A field of redis-cli's line-per-item answer to SENTINEL MASTER (name line, then value line). */
    private static String field(String answer, String name) {
        String[] lines = answer.split("\r?\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().equals(name)) {
                return lines[i + 1].trim();
            }
        }
        return "";
    }

    /** REDIS_SENTINELS for the app: "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3". */
    public String sentinelsEnv() {
        return sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
    }

    /** The node that is primary now. */
    public RedisNode primary() {
        return primary;
    }

    /** SIGKILLs the current primary's process; {@link #awaitPromotion} then waits for its successor. */
    public void kill9Primary() throws InterruptedException {
        killed = primary;
        killed.kill9();
    }

    /**
     * Returns when every sentinel names another node as primary and that node answers ROLE master; the instant it
     * saw so.
     */
    public Instant awaitPromotion(Duration timeout) throws IOException, InterruptedException {
        Waits.until(this::promoted, timeout, "a replica promoted by the sentinels");
        return Instant.now();
    }

    private boolean promoted() throws IOException, InterruptedException {
        Integer named = null;
        for (RedisNode s : sentinels) {
            String[] addr = s.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER).split("\r?\n");
            if (addr.length != 2 || Integer.parseInt(addr[1].trim()) == killed.port()
                    || (named != null && named != Integer.parseInt(addr[1].trim()))) {
                return false;
            }
            named = Integer.parseInt(addr[1].trim());
        }
        for (RedisNode n : data) {
            if (n.port() == named && n.isAlive() && n.cli("ROLE").startsWith("master")) {
                primary = n;
                return true;
            }
        }
        return false;
    }

    /** Starts the killed primary again, with its data; returns once the sentinels have made it a replica. */
    public void restartOldPrimary() throws IOException, InterruptedException {
        RedisNode old = killed;
        old.launch();
        Waits.until(() -> "slave".equals(old.info("role")) && "up".equals(old.info("master_link_status")),
                Duration.ofSeconds(40), "the old primary turned into a replica of the new one");
        killed = null;
    }

    /** Stops every process and deletes the directories: nothing of the set outlives the test. */
    @Override
    public void close() throws InterruptedException {
        for (RedisNode s : sentinels) {
            s.close();
        }
        for (RedisNode n : data) {
            n.close();
        }
        Waits.deleteTree(root);
    }
}
