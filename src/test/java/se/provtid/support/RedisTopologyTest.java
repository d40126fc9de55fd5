package se.provtid.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis topologies of the failover tests themselves: a promotion after SIGKILL, a cluster that spreads keys. */
class RedisTopologyTest {

    @Test
    void sentinelsPromoteTheReplicaWhenThePrimaryIsKilled() throws Exception {
        Path dir;
        try (SentinelSet set = SentinelSet.start()) {
            RedisNode first = set.primary();
            dir = first.dir().getParent();
            assertEquals(3, set.sentinelsEnv().split(",").length, set.sentinelsEnv());
            assertEquals("OK", first.cli("SET", "written-before", "1"));
            assertEquals("1", first.cli("WAIT", "1", "1000"), "the replica confirms the write");

            Instant killed = Instant.now();
            set.kill9Primary();
            Instant promoted = set.awaitPromotion(Duration.ofSeconds(20));
            System.out.println("promotion took " + Duration.between(killed, promoted).toMillis() + " ms");
            assertNotEquals(first.port(), set.primary().port());
            assertEquals("1", set.primary().cli("GET", "written-before"), "a confirmed write survives the failover");
            // restartOldPrimary() is left to FailoverIT: the sentinels wait about 15 s before they convert it.
        }
        assertTrue(!Files.exists(dir), "the set's directories are deleted");
    }

    @Test
    void clusterSpreadsKeysOverThreeShardsAndKeepsATaggedInstallationOnOne() throws Exception {
        try (RedisCluster cluster = RedisCluster.start()) {
            assertEquals(3, cluster.seedsUrl().split(",").length, cluster.seedsUrl());
            RedisNode any = cluster.nodes().getFirst();
            for (int i = 0; i < 30; i++) {
                RedisNode.run(java.util.List.of("redis-cli", "-c", "-p", Integer.toString(any.port()), "SET",
                        "plain:" + i, "x"));
                RedisNode.run(java.util.List.of("redis-cli", "-c", "-p", Integer.toString(any.port()), "SET",
                        "{tagged}:" + i, "x"));
            }
            Map<Integer, Integer> plain = cluster.keysCountPerNode("plain:*");
            assertEquals(3, plain.values().stream().filter(n -> n > 0).count(), "untagged keys spread: " + plain);
            Map<Integer, Integer> tagged = cluster.keysCountPerNode("{tagged}:*");
            assertEquals(1, tagged.values().stream().filter(n -> n > 0).count(), "one hash slot: " + tagged);
        }
    }
}
