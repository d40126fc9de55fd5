package se.provtid.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.support.SentinelSet;

/**
 * Issue 22: the Redis primary killed (-9) under load behind Sentinel. Every accepted job runs to its end, none twice
 * at the site, and the API answers 503 + Retry-After (never another 5xx, never a hang) only while Redis fails over.
 */
class FailoverIT {

    // How long after the promotion (or, for starts, after a replica is back) a 503 is still fair: the clients'
    // retry and reconnect delays, plus the time the app's pools take to ask the sentinels again.
    private static final Duration SLACK = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @RegisterExtension
    final RunningProcesses running = new RunningProcesses();
    private final AtomicInteger people = new AtomicInteger();
    private final Map<String, PatientClient.Started> accepted = new ConcurrentHashMap<>();
    private final List<PatientClient.Started> refused = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean stop;
    private RecordedApi recorded;
    private PatientClient client;
    private AppProcess api;
    private volatile Thread probe;

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void primaryKilledUnderLoadLosesNoAcceptedJobAndBooksNothingTwice() throws Exception {
        // One replica, as the issue says; -Dfailover.replicas=2 shows the same without the window in which the new
        // primary has no replica to confirm writes (until the old one is back as its replica).
        SentinelSet redis = running.track(SentinelSet.start(Integer.getInteger("failover.replicas", 1)));
        String prefix = "it-failover-" + System.nanoTime();
        // REDIS_URL names nothing: an app that ignored the sentinels would fail here, not write to a shared Redis.
        Map<String, String> settings = Map.of("REDIS_SENTINELS", redis.sentinelsEnv(), "REDIS_SENTINEL_MASTER",
                SentinelSet.MASTER, "REDIS_URL", "redis://127.0.0.1:1");
        // The replica's confirmation gets 2 s, not 0.5: on a loaded two-core test machine 0.5 s is missed now and
        // then with the primary alive, a 503 this test would count as one outside the failover.
        Map<String, String> many = AppProcess.env("WORKER_CONCURRENCY", "20", "MAX_CONCURRENT_JOBS", "20",
                "REDIS_WAIT_TIMEOUT", "PT2S");
        api = running.track(AppProcess.start(fresh("failover-api"), "api", settings, prefix, many));
        Map<String, String> workerEnv = new java.util.HashMap<>(many);
        workerEnv.put("SITE_BASE_URL", api.url());
        AppProcess worker = running.track(AppProcess.start(fresh("failover-worker"), "worker", settings, prefix,
                workerEnv));
        recorded = new RecordedApi(api.url());
        client = new PatientClient(recorded, api.url());
        ItJobs site = new ItJobs(api);
        try {
            site.scenario(Map.of("no_slots", true, "payment_delay_ms", 0));
            for (int i = 0; i < 5; i++) {
                startAndLogIn("first-" + i);
            }
            joinLogins();
            awaitAll(Set.copyOf(accepted.values().stream().map(PatientClient.Started::jobId).toList()), "searching");
            String probed = accepted.values().iterator().next().jobId();
            probe = background(() -> {
                while (!stop) {
                    client.statusOf(probed); // the unavailability, measured from a client's side
                    Thread.sleep(250);
                }
            });
            background(() -> {
                for (int n = 0; !stop && n < 30; n++) {
                    int k = n;
                    background(() -> startAndLogIn("during-" + k));
                    Thread.sleep(1000);
                }
            });

            // Slots appear; payments take 5 s, so the kill finds jobs paying and, started just before, searching.
            site.scenario(Map.of("no_slots", false, "payment_delay_ms", 5_000));
            ItJobs.await(() -> statuses().containsValue("booking"));
            Map<String, String> atKill = statuses();
            Instant killed = Instant.now();
            redis.kill9Primary();
            Instant promoted = redis.awaitPromotion(Duration.ofSeconds(30));
            redis.restartOldPrimary(); // with one replica, the only one the new primary can have: starts wait for it
            Instant replicaBack = Instant.now();
            System.out.printf("FailoverIT: at the kill %s; promotion after %d ms, replica back after %d ms%n",
                    count(atKill), ms(killed, promoted), ms(killed, replicaBack));
            Thread.sleep(5_000); // starts go on a little after the failover
            stop = true;
            joinLogins();
            probe.join(1000);
            site.scenario(Map.of("payment_delay_ms", 0));

            Set<String> jobs = accepted.values().stream().map(PatientClient.Started::jobId).collect(Collectors.toSet());
            awaitAll(jobs, "completed");
            assertTrue(refused.isEmpty(), "starts never accepted: " + refused);
            assertTrue(atKill.containsValue("booking"), "the kill found jobs paying: " + atKill);
            assertIdempotentAfterFailover();
            assertBookedOnceEach(jobs);
            assertAnswers(killed, promoted, replicaBack);
            assertTrue(api.isAlive() && worker.isAlive(), "neither process died");
        } finally {
            stop = true;
            threads.forEach(Thread::interrupt);
        }
    }

    /** Starts a job for a new person (retrying 503s), then logs it in in the background. */
    private void startAndLogIn(String user) throws InterruptedException {
        PatientClient.Started s = client.start(user + "-" + System.nanoTime(), "it-key-" + user, PATIENCE);
        if (s.jobId() == null) {
            refused.add(s);
            return;
        }
        accepted.put(s.key(), s);
        String person = String.format("1990010%05d", people.incrementAndGet());
        background(() -> client.logIn(s.jobId(), s.streamUrl(), person, PATIENCE));
    }

    /** A retry of every accepted start with its key, after the failover: the same job, not a second one. */
    private void assertIdempotentAfterFailover() {
        for (PatientClient.Started s : accepted.values()) {
            RecordedApi.Call replay = client.replay(s.user(), s.key());
            assertEquals(202, replay.status(), replay.toString());
            assertEquals(s.jobId(), replay.json().path("job_id").asText(), replay.toString());
        }
    }

    /** The site's truth: one booking per accepted job, no person and no slot twice, each the job's own. */
    private void assertBookedOnceEach(Set<String> jobs) {
        List<Map<String, Object>> bookings = given().baseUri(api.url()).get("/sim/admin/bookings").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertEquals(jobs.size(), bookings.size(), "one booking per accepted job: " + bookings);
        assertEquals(bookings.size(), distinct(bookings, "personal_number"), "no person booked twice: " + bookings);
        assertEquals(bookings.size(), distinct(bookings, "examination_id"), "no slot booked twice: " + bookings);
        Set<String> reported = jobs.stream().map(client::bookingIdOf).collect(Collectors.toSet());
        assertEquals(new HashSet<>(bookings.stream().map(b -> b.get("booking_id").toString()).toList()), reported,
                "each job reports its own booking");
    }

    /** No hang, no 5xx but 503, each 503 with Retry-After and within the failover's window; prints the window. */
    private void assertAnswers(Instant killed, Instant promoted, Instant replicaBack) {
        List<RecordedApi.Call> calls = recorded.calls();
        List<RecordedApi.Call> refusals = calls.stream().filter(c -> c.status() == 503).toList();
        Instant first = refusals.stream().map(RecordedApi.Call::answered).min(Instant::compareTo).orElse(killed);
        Instant last = refusals.stream().map(RecordedApi.Call::answered).max(Instant::compareTo).orElse(killed);
        System.out.printf("FailoverIT: %d calls by status %s; 503s from +%d ms to +%d ms after the kill: "
                + "unavailable %.1f s%n", calls.size(), tally(calls, c -> Integer.toString(c.status())),
                ms(killed, first), ms(killed, last), refusals.isEmpty() ? 0.0 : ms(killed, last) / 1000.0);
        refusals.stream().collect(Collectors.groupingBy(c -> c.method() + " " + c.path().replaceAll("job_\\w+", "{id}")
                + " " + c.problem(), TreeMap::new, Collectors.toList())).forEach((what, cs) -> System.out.printf(
                        "FailoverIT:   %d x 503 %s, answered +%d ms to +%d ms%n", cs.size(), what,
                        ms(killed, cs.getFirst().answered()), ms(killed, cs.getLast().answered())));
        assertNone(calls, c -> c.status() < 0, "calls that hung (no answer within " + RecordedApi.HANG
                + ") or got no answer");
        assertNone(calls, c -> c.status() >= 500 && c.status() != 503, "5xx answers other than 503");
        assertNone(refusals, c -> c.retryAfter() == null, "503s without Retry-After");
        assertNone(refusals, c -> c.answered().isBefore(killed), "503s before the kill");
        assertNone(refusals, c -> !c.problem().equals("redis-not-replicated")
                && c.answered().isAfter(promoted.plus(SLACK)), "503s later than " + SLACK + " after the promotion");
        assertNone(refusals, c -> c.problem().equals("redis-not-replicated")
                && c.answered().isAfter(replicaBack.plus(SLACK)), "not-replicated 503s later than " + SLACK
                        + " after the replica was back");
    }

    private static void assertNone(List<RecordedApi.Call> calls, Predicate<RecordedApi.Call> bad, String what) {
        List<RecordedApi.Call> found = calls.stream().filter(bad).toList();
        assertTrue(found.isEmpty(), what + ": " + found.size() + "\n" + found.stream().limit(20)
                .map(RecordedApi.Call::toString).collect(Collectors.joining("\n")));
    }

    private void awaitAll(Set<String> jobs, String status) throws Exception {
        // Under the test's own @Timeout, so a job that never ends is named with every job's status.
        long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
        Map<String, String> now = Map.of();
        while (System.nanoTime() < deadline) {
            now = jobs.stream().collect(Collectors.toMap(id -> id, client::statusOf));
            if (now.values().stream().allMatch(status::equals)) {
                return;
            }
            assertTrue(failures.isEmpty(), "a client thread failed: " + failures);
            assertTrue(now.values().stream().noneMatch(s -> s.equals("failed") || s.equals("cancelled")),
                    "jobs ended otherwise: " + now);
            Thread.sleep(500);
        }
        throw new AssertionError("not all " + status + " within 100 s: " + now);
    }

    private Map<String, String> statuses() {
        return accepted.values().stream().collect(Collectors.toMap(PatientClient.Started::jobId,
                s -> client.statusOf(s.jobId())));
    }

    /** Runs the body on a virtual thread of the test's own; a failure fails the test at its next check. */
    private Thread background(ThrowingRunnable body) {
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        threads.add(t);
        return t;
    }

    /** Waits for the client threads that end by themselves (starts, logins): all but the probe. */
    private void joinLogins() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int i = 0; i < threads.size(); i++) { // the list grows while we wait: started jobs log in
            Thread t = threads.get(i);
            while (t != probe && t.isAlive() && System.nanoTime() < deadline) {
                t.join(200);
            }
        }
        assertTrue(failures.isEmpty(), "a client thread failed: " + failures);
    }

    private static long ms(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static long distinct(List<Map<String, Object>> bookings, String field) {
        return bookings.stream().map(b -> String.valueOf(b.get(field))).distinct().count();
    }

    /** "{booking=2, searching=3}": how many of each value. */
    private static String count(Map<String, String> values) {
        return tally(List.copyOf(values.values()), v -> v);
    }

    private static <T> String tally(List<T> items, java.util.function.Function<T, String> by) {
        return new TreeMap<>(items.stream().collect(Collectors.groupingBy(by, Collectors.counting()))).toString();
    }

    /** The log file name, emptied first: the grep and the reader see this run only. */
    private static String fresh(String name) throws java.io.IOException {
        Files.deleteIfExists(Path.of("target", "it-logs", name + ".log"));
        return name;
    }

    /** A body for a background thread. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
