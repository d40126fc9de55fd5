package se.provtid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis settings read as one topology: sentinels, cluster or one server; the hash tag; who confirms writes. */
class RedisTopologyTest {

    @Test
    void withoutSettingsItIsOneServerWithItsKeysAsBeforeAndNoReplicaAsked() {
        RedisTopology t = topology();
        assertEquals(RedisTopology.Mode.STANDALONE, t.mode());
        assertEquals("provtid", t.keyPrefix(), "an existing installation keeps its key names");
        assertEquals(0, t.waitReplicas());
        assertEquals(List.of(), t.problems());
    }

    @Test
    void sentinelsAreEndpointsAndOneReplicaConfirmsByDefault() {
        RedisTopology t = topology("provtid.redis.sentinels", "10.0.0.1:26379, redis://:pw@s2.example:26380",
                "provtid.redis.sentinel-master", "provtid-primary");
        assertEquals(RedisTopology.Mode.SENTINEL, t.mode());
        assertEquals(List.of("redis://10.0.0.1:26379", "redis://:pw@s2.example:26380"), t.sentinelEndpoints());
        assertEquals("provtid-primary", t.sentinelMaster());
        assertEquals(1, t.waitReplicas());
        assertEquals(500, t.waitTimeoutMs());
        assertEquals(List.of(), t.problems());
        assertEquals(0, topology("provtid.redis.sentinels", "a:1", "provtid.redis.wait-replicas", "0").waitReplicas(),
                "an operator may turn the confirmation off");
    }

    @Test
    void inClusterModeEveryKeySharesTheInstallationsHashTag() {
        RedisTopology t = topology("provtid.redis.cluster", "true", "provtid.redis.key-prefix", "acme");
        assertEquals(RedisTopology.Mode.CLUSTER, t.mode());
        assertEquals("{acme}", t.keyPrefix());
        assertEquals("{acme}", topology("provtid.redis.cluster", "true", "provtid.redis.key-prefix", "{acme}")
                .keyPrefix(), "a prefix that already has a tag keeps it");
    }

    @Test
    void eachProblemNamesItsSettingAndNeverPrintsAPassword() {
        List<String> p = topology("provtid.redis.sentinels", "redis://:hunter2@s1.example, s2-without-port",
                "provtid.redis.cluster", "true").problems();
        assertTrue(p.stream().anyMatch(s -> s.startsWith("REDIS_SENTINELS: 's2-without-port'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("REDIS_SENTINELS: 'redis://***@s1.example'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("REDIS_CLUSTER=true")), p.toString());
        assertFalse(p.toString().contains("hunter2"), p.toString());

        assertTrue(topology("provtid.redis.cluster", "true", "provtid.redis.wait-replicas", "1").problems().stream()
                .anyMatch(s -> s.startsWith("REDIS_WAIT_REPLICAS: must be 0 with REDIS_CLUSTER=true")));
        assertTrue(topology("provtid.redis.wait-replicas", "-1").problems().stream()
                .anyMatch(s -> s.startsWith("REDIS_WAIT_REPLICAS: must be 0 or more")));
        assertTrue(topology("provtid.redis.wait-replicas", "1", "provtid.redis.wait-timeout", "PT0S").problems()
                .stream().anyMatch(s -> s.startsWith("REDIS_WAIT_TIMEOUT")));
    }

    private static RedisTopology topology(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        SmallRyeConfig c = new SmallRyeConfigBuilder().addDiscoveredConverters().withMapping(ProvtidConfig.class)
                .withSources(new PropertiesConfigSource(m, "test", 500)).build();
        return new RedisTopology(c.getConfigMapping(ProvtidConfig.class));
    }
}
