package se.provtid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.RedisCluster;
import se.provtid.support.SseClient;

/**
 * Issue 22: the booking flow on a three-shard Redis cluster (REDIS_CLUSTER=true). Every key of the installation
 * carries the hash tag {prefix}, so each script runs on one shard: no CROSSSLOT error, and the streams' notify
 * channel works there too.
 */
class ClusterIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> LOGS = List.of("cluster-api", "cluster-worker");

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void bookingFlowRunsOnAThreeShardClusterWithEveryKeyInOneSlot() throws Exception {
        RedisCluster cluster = running.track(RedisCluster.start());
        String prefix = "it-cluster-" + System.nanoTime();
        for (String log : LOGS) {
            Files.deleteIfExists(Path.of("target", "it-logs", log + ".log")); // the grep below reads this run only
        }
        Map<String, String> settings = Map.of("REDIS_CLUSTER", "true", "REDIS_URL", cluster.seedsUrl());
        AppProcess api = running.track(AppProcess.start("cluster-api", "api", settings, prefix, Map.of()));
        running.track(AppProcess.start("cluster-worker", "worker", settings, prefix,
                AppProcess.env("SITE_BASE_URL", api.url())));
        RecordedApi recorded = new RecordedApi(api.url());
        PatientClient client = new PatientClient(recorded, api.url());
        ItJobs site = new ItJobs(api);

        site.scenario(Map.of("no_slots", true));
        List<PatientClient.Started> jobs = new ArrayList<>();
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                PatientClient.Started s = client.start("cluster-" + i + "-" + System.nanoTime(), "ck-" + i, PATIENCE);
                assertTrue(s.jobId() != null, s.last().toString());
                client.logIn(s.jobId(), s.streamUrl(), String.format("1990020%05d", i + 1), PATIENCE);
                jobs.add(s);
                // Opened before anything is booked: the events below reach it live, through the notify channel.
                streams.add(SseClient.open(api.url() + s.streamUrl()));
            }
            PatientClient.Started cancelled = client.start("cluster-cancel-" + System.nanoTime(), "ck-cancel",
                    PATIENCE);
            assertTrue(cancelled.jobId() != null, cancelled.last().toString());
            ItJobs.await(() -> jobs.stream().allMatch(s -> "searching".equals(client.statusOf(s.jobId()))));

            RecordedApi.Call cancel = recorded.post("/api/v1/booking/cancel/" + cancelled.jobId(),
                    Map.of("reason", "cluster test"), Map.of());
            assertEquals(200, cancel.status(), cancel.toString());
            assertEquals("cancelled", client.statusOf(cancelled.jobId()));

            site.scenario(Map.of("no_slots", false));
            for (SseClient sse : streams) {
                sse.await("booking_completed", ItJobs.LONG);
            }
            for (PatientClient.Started s : jobs) {
                assertEquals("completed", client.statusOf(s.jobId()));
                assertTrue(client.bookingIdOf(s.jobId()) != null, s.jobId());
            }
            RecordedApi.Call list = recorded.get("/api/v1/jobs?status=completed&limit=100");
            assertEquals(200, list.status(), list.toString());
            for (PatientClient.Started s : jobs) {
                assertTrue(list.body().contains(s.jobId()), "listed: " + s.jobId() + " in " + list.body());
            }
            RecordedApi.Call stats = recorded.get("/api/v1/stats");
            assertEquals(200, stats.status(), stats.toString());
        } finally {
            streams.forEach(SseClient::close);
        }

        List<RecordedApi.Call> errors = recorded.calls().stream().filter(c -> c.status() < 0 || c.status() >= 500)
                .toList();
        assertTrue(errors.isEmpty(), "5xx or no answer: " + errors);
        Map<Integer, Integer> keys = cluster.keysCountPerNode("*" + prefix + "*");
        Map<Integer, Integer> tagged = cluster.keysCountPerNode("{" + prefix + "}*");
        assertEquals(1, keys.values().stream().filter(n -> n > 0).count(), "the installation on one shard: " + keys);
        assertEquals(keys, tagged, "every key of the installation starts with the hash tag {" + prefix + "}");
        for (String log : LOGS) {
            String text = Files.readString(Path.of("target", "it-logs", log + ".log"));
            List<String> crossSlot = text.lines().filter(l -> l.contains("CROSSSLOT")).limit(5)
                    .collect(Collectors.toList());
            assertTrue(crossSlot.isEmpty(), log + " logged CROSSSLOT errors:\n" + String.join("\n", crossSlot));
        }
    }
}
