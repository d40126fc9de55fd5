package se.provtid.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.provtid.support.RedisServer;

/** The packaged app refuses settings that would hurt people, in one clear line, and the demo stays local. */
class StartupChecksIT {

    private static final String GOOD_SECRET = "k3Jx9vQ2mT8pL5wZ0aR7yB4nC6dF1gH3jK8sV2xM";

    @Test
    void prodWithoutASecretSaysWhichSettingIsMissing() throws Exception {
        Run r = run(Map.of("QUARKUS_PROFILE", "prod"));
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("API_SECRET_TOKEN is not set"), r.output());
        assertTrue(!r.output().contains("SRCFG"), "no configuration library error instead: " + r.output());
    }

    @Test
    void prodRefusesShortAndExampleSecrets() throws Exception {
        Run shortOne = run(Map.of("QUARKUS_PROFILE", "prod", "API_SECRET_TOKEN", "demo-secret-token"));
        assertNotEquals(0, shortOne.exit());
        assertTrue(shortOne.output().contains("API_SECRET_TOKEN is too short"), shortOne.output());
        Run example = run(Map.of("QUARKUS_PROFILE", "prod", "API_SECRET_TOKEN", "change-me-to-a-long-random-value"));
        assertNotEquals(0, example.exit());
        assertTrue(example.output().contains("example value"), example.output());
    }

    @Test
    void theSimulatorCannotRunInProdNorBesideARealSite() throws Exception {
        Run prod = run(Map.of("QUARKUS_PROFILE", "prod", "API_SECRET_TOKEN", GOOD_SECRET, "PROVTID_SIM_ENABLED", "true"));
        assertNotEquals(0, prod.exit());
        assertTrue(prod.output().contains("simulator is on in the prod profile"), prod.output());
        Run demo = run(Map.of("QUARKUS_PROFILE", "demo", "SITE_BASE_URL", "https://fp.trafikverket.se"));
        assertNotEquals(0, demo.exit());
        assertTrue(demo.output().contains("SITE_BASE_URL names a real host (fp.trafikverket.se)"), demo.output());
    }

    @Test
    void theDemoListensOnlyOnThisMachine() throws Exception {
        Path log = Files.createTempFile("provtid-demo", ".log");
        Process p = start(Map.of("QUARKUS_PROFILE", "demo", "PROVTID_ROLE", "api"), log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Listening on") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            String out = Files.readString(log);
            assertTrue(out.contains("Listening on: http://127.0.0.1:"), out);
            assertTrue(!out.contains("already registered"), "no WARN about the Redis pools' meters: " + out);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("provtid-startup", ".log");
        Process p = start(env, log);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the app did not stop by itself: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static Process start(Map<String, String> env, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        Map<String, String> e = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", Integer.toString(RedisServer.freePort()),
                "REDIS_KEY_PREFIX", "startup-" + System.nanoTime(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                "PROVTID_ROLE", "api"));
        e.putAll(env);
        pb.environment().remove("API_SECRET_TOKEN");
        pb.environment().putAll(e);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }
}
