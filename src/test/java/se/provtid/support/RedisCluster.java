package se.provtid.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A three-shard Redis cluster (three masters, no replicas) on loopback in a temp directory, for cluster mode. */
public final class RedisCluster implements AutoCloseable {

    private final Path root;
    private final List<RedisNode> nodes = new ArrayList<>();

    private RedisCluster(Path root) {
        this.root = root;
    }

    /** Starts the three nodes, joins them with redis-cli --cluster create, and waits for cluster_state:ok on all. */
    public static RedisCluster start() throws IOException, InterruptedException {
        RedisCluster c = new RedisCluster(Files.createTempDirectory("provtid-it-cluster"));
        try {
            c.launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void launch() throws IOException, InterruptedException {
        for (int i = 1; i <= 3; i++) {
            Path dir = Files.createDirectories(root.resolve("shard-" + i));
            // The bus port is our own free port too: port + 10000 may be taken or past 65535.
            nodes.add(RedisNode.start(RedisServer.freePort(), dir, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000",
                    "--cluster-port", Integer.toString(RedisServer.freePort()), "--appendonly", "yes", "--save", "",
                    "--maxmemory-policy", "noeviction", "--logfile", "redis.log")));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String out = RedisNode.run(create);
        if (!out.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
        }
        Waits.until(() -> {
            for (RedisNode n : nodes) {
                if (!n.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                    return false;
                }
            }
            return true;
        }, Duration.ofSeconds(30), "cluster_state:ok on every node");
    }

    /** REDIS_URL for the app in cluster mode: every node as a seed. */
    public String seedsUrl() {
        return nodes.stream().map(n -> "redis://127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** How many keys match the glob on each node, by port (SCAN on that node alone, no redirects). */
    public Map<Integer, Integer> keysCountPerNode(String pattern) throws IOException, InterruptedException {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (RedisNode n : nodes) {
            String out = n.cli("--scan", "--pattern", pattern);
            counts.put(n.port(), out.isEmpty() ? 0 : out.split("\r?\n").length);
        }
        return counts;
    }

    public List<RedisNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Stops every node and deletes the directories: the cluster is thrown away with its keys. */
    @Override
    public void close() throws InterruptedException {
        for (RedisNode n : nodes) {
            n.close();
        }
        Waits.deleteTree(root);
    }
}
