package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose file's sentinel profile, read statically (running it needs Podman and the stand-in images:
 * deploy/compose/verify.sh): a primary, its replica and three sentinels, each sentinel on a writable copy of one
 * template, and the settings .env needs naming what the compose file runs.
 */
class ComposeSentinelTest {

    private static final Path COMPOSE = Path.of("deploy/compose/compose.yaml");
    private static final Path CONF = Path.of("deploy/compose/sentinel/sentinel.conf");
    private static final Path ENV = Path.of("deploy/compose/.env.example");

    @Test
    void theSentinelProfileRunsAPrimaryAReplicaAndThreeSentinels() throws IOException {
        // SnakeYAML resolves the merge keys (<<: *anchor) that compose resolves; Jackson's reader does not.
        JsonNode services = new YAMLMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(Files.readString(COMPOSE)))
                .path("services");
        List<String> sentinels = new ArrayList<>();
        services.properties().forEach(e -> {
            if (e.getValue().path("profiles").toString().contains("\"sentinel\"")
                    && e.getValue().path("entrypoint").toString().contains("--sentinel")) {
                sentinels.add(e.getKey());
            }
        });
        assertEquals(List.of("sentinel-1", "sentinel-2", "sentinel-3"), sentinels, "three sentinels");
        String replica = services.path("redis-replica").path("command").toString();
        assertTrue(replica.contains("\"--replicaof\",\"redis-primary\",\"6379\""), "the replica follows the primary");
        assertTrue(services.path("redis-primary").path("command").toString().contains("noeviction"));
        List<String> volumes = new ArrayList<>();
        for (String s : sentinels) {
            JsonNode svc = services.path(s);
            String mounts = svc.path("volumes").toString();
            assertTrue(mounts.contains("./sentinel/sentinel.conf:/template/sentinel.conf:ro"), s + ": the template");
            Matcher conf = Pattern.compile("\"([a-z0-9-]+):/conf\"").matcher(mounts);
            assertTrue(conf.find(), s + ": a writable /conf of its own (a sentinel rewrites its file)");
            volumes.add(conf.group(1));
            assertEquals(s, svc.path("environment").path("SENTINEL_NAME").asText(), s + " announces its name");
        }
        assertEquals(3, volumes.stream().distinct().count(), "one /conf volume per sentinel: " + volumes);

        String conf = Files.readString(CONF);
        Matcher monitor = Pattern.compile("(?m)^sentinel monitor (\\S+) (\\S+) 6379 (\\d+)$").matcher(conf);
        assertTrue(monitor.find(), "the template monitors the primary");
        assertEquals("redis-primary", monitor.group(2));
        assertEquals(2, Integer.parseInt(monitor.group(3)), "quorum 2 of 3");
        assertTrue(conf.contains("\nsentinel resolve-hostnames yes"), "service names, not addresses");

        String env = Files.readString(ENV);
        Matcher master = Pattern.compile("(?m)^# REDIS_SENTINEL_MASTER=(\\S+)$").matcher(env);
        assertTrue(master.find(), ".env.example names the monitored primary");
        assertEquals(monitor.group(1), master.group(1), "REDIS_SENTINEL_MASTER is the name the sentinels monitor");
        Matcher list = Pattern.compile("(?m)^# REDIS_SENTINELS=(\\S+)$").matcher(env);
        assertTrue(list.find(), ".env.example lists the sentinels");
        List<String> named = new ArrayList<>();
        for (String entry : list.group(1).split(",")) {
            named.add(entry.replaceAll(":26379$", ""));
        }
        assertEquals(sentinels, named, "REDIS_SENTINELS names the compose file's sentinels on 26379");
        assertTrue(AppSettings.documentedEnvNames().containsAll(List.of("REDIS_SENTINELS", "REDIS_SENTINEL_MASTER")),
                "the settings are in the root .env.example");
    }
}
