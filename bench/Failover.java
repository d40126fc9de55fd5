import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 22's failover benchmark (bench/failover.sh starts the Redis topology and the fleet). Modes:
 * run N ROUNDS RATE DRAIN_SECONDS | rate SECONDS CLIENTS | topology ROUNDS (the kills alone, no app). Prints one JSON object on the last line.
 * The topology comes from the environment: FAILOVER_DIR (node-PORT.conf files), FAILOVER_SENTINELS and FAILOVER_NODES
 * (ports), the monitored name "provtid". Jobs log in through the simulator's BankID app with the autostart token of
 * the status view (POST /sim/bankid/open), so no event stream is needed.
 */
public class Failover {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static final String BASE = System.getenv().getOrDefault("BENCH_URL", "http://127.0.0.1:18080");
    static final String TOKEN = System.getenv().getOrDefault("BENCH_TOKEN", "bench-secret-token");
    static final Path DIR = Path.of(System.getenv().getOrDefault("FAILOVER_DIR", "target/bench-failover"));
    static final List<String> SENTINELS = List.of(System.getenv().getOrDefault("FAILOVER_SENTINELS", "").trim()
            .split("\\s+"));
    static final AtomicInteger PERSON = new AtomicInteger(1000);
    static final long T0 = System.currentTimeMillis();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "run" -> run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "rate" -> rate(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "topology" -> topology(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    static void log(String s) {
        System.err.printf("[failover %6.1fs] %s%n", (System.currentTimeMillis() - T0) / 1000.0, s);
    }

    // ---- the failover rounds ----

    /** One phase job: who logs it in, what it is expected to show before the kills. */
    record Job(String id, String person, String phase) {
    }

    /** One start call of the steady stream: when it was sent and answered, how. */
    record Answer(long sentMs, long doneMs, int status, String jobId, String problem) {
    }

    static void run(int n, int rounds, int rate, int drainSeconds) throws Exception {
        // The site's own limit would block a benchmark's logins: off. Payments answer late so that N jobs stay in
        // "booking" through every round (the worker's SITE_REQUEST_TIMEOUT is above it).
        long payMs = 45_000L + rounds * 40_000L + n * 1_500L;
        scenario(Map.of("forbid_above_per_minute", 1_000_000, "no_slots", false, "payment_delay_ms", payMs));
        List<Job> paying = startPhase("paying", n, true);
        loginAll(paying, "booking", Duration.ofMinutes(6));
        scenario(Map.of("no_slots", true));
        List<Job> searching = startPhase("searching", n, true);
        loginAll(searching, "searching", Duration.ofMinutes(6));
        List<Job> authenticating = startPhase("authenticating", n, true);
        awaitAll(authenticating, "authenticating", Duration.ofMinutes(4));
        List<Job> queued = startPhase("queued", n, true);
        awaitAll(queued, "queued", Duration.ofMinutes(1));
        List<Job> phase = new ArrayList<>();
        phase.addAll(paying);
        phase.addAll(searching);
        phase.addAll(authenticating);
        phase.addAll(queued);
        Map<String, Integer> before = counts(phase);
        log("phases before the first kill: " + before);

        List<Answer> all = new CopyOnWriteArrayList<>();
        List<Long> windows = new ArrayList<>();
        List<Long> switches = new ArrayList<>();
        List<Long> killToBack = new ArrayList<>();
        List<Map<String, Integer>> during = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            List<Answer> answers = new CopyOnWriteArrayList<>();
            AtomicBoolean on = new AtomicBoolean(true);
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger seq = new AtomicInteger();
            int round = r;
            clock.scheduleAtFixedRate(() -> {
                if (on.get()) {
                    Thread.ofVirtual().start(() -> answers.add(startOnce("rate-" + round + "-" + seq.incrementAndGet())));
                }
            }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
            Thread.sleep(3_000);
            int old = primaryPort();
            long killAt = System.currentTimeMillis();
            kill(old);
            log("round " + r + ": killed the primary on " + old);
            int now = old;
            while (now == old || now <= 0) {
                if (System.currentTimeMillis() - killAt > 60_000) {
                    throw new IllegalStateException("no new primary within 60 s");
                }
                Thread.sleep(100);
                now = primaryPort();
            }
            long switchedAt = System.currentTimeMillis();
            switches.add(switchedAt - killAt);
            log("round " + r + ": the sentinels name " + now + " after " + (switchedAt - killAt) + " ms; restarting "
                    + old + " as its replica");
            restartAsReplica(old, now);
            // Until the old primary replicates again, then 5 s of the stream more, at least 10 s after the kill.
            long deadline = killAt + 90_000;
            while (System.currentTimeMillis() < deadline && !linkUp(old)) {
                Thread.sleep(200);
            }
            long settle = Math.max(System.currentTimeMillis() + 5_000, killAt + 10_000);
            while (System.currentTimeMillis() < settle || !lastOk(answers, 2_000)) {
                if (System.currentTimeMillis() > deadline) {
                    log("round " + r + ": starts still fail 90 s after the kill");
                    break;
                }
                Thread.sleep(200);
            }
            on.set(false);
            clock.shutdown();
            clock.awaitTermination(1, TimeUnit.SECONDS);
            long answered = System.currentTimeMillis() + 11_000; // the last starts' answers (each has a 10 s timeout)
            while (answers.size() < seq.get() && System.currentTimeMillis() < answered) {
                Thread.sleep(100);
            }
            List<Answer> sorted = new ArrayList<>(answers);
            sorted.sort((a, b) -> Long.compare(a.sentMs, b.sentMs));
            Answer firstFail = sorted.stream().filter(a -> a.sentMs >= killAt && a.status != 202).findFirst()
                    .orElse(null);
            long window = 0;
            long back = 0;
            if (firstFail != null) {
                Answer ok = sorted.stream().filter(a -> a.sentMs > firstFail.sentMs && a.status == 202).findFirst()
                        .orElse(null);
                window = ok == null ? -1 : ok.sentMs - firstFail.sentMs;
                back = ok == null ? -1 : ok.sentMs - killAt;
            }
            windows.add(window);
            killToBack.add(back);
            all.addAll(sorted);
            Map<String, Integer> c = counts(phase);
            during.add(c);
            log("round " + r + ": unavailable " + window + " ms (kill to first 202 after: " + back + " ms), answers "
                    + histogram(sorted) + ", phase jobs " + c);
            Thread.sleep(2_000);
        }

        // Every 202 of the steady stream: its job must exist.
        List<String> accepted = all.stream().filter(a -> a.status == 202).map(Answer::jobId).toList();
        AtomicInteger lost = new AtomicInteger();
        List<String> lostIds = Collections.synchronizedList(new ArrayList<>());
        parallel(accepted, id -> {
            int s = statusCode(id);
            if (s == 404) {
                lost.incrementAndGet();
                lostIds.add(id);
            }
        });
        // Phase jobs too: none may be gone.
        for (Job j : phase) {
            if (statusCode(j.id) == 404) {
                lost.incrementAndGet();
                lostIds.add(j.id);
            }
        }
        log("accepted " + accepted.size() + " starts during the rounds, lost " + lost.get() + " " + lostIds);
        parallel(accepted, Failover::cancel);

        // Drain: slots and prompt payments again; every phase job logs in and books.
        scenario(Map.of("no_slots", false, "payment_delay_ms", 0));
        Map<String, String> finals = drain(phase, Duration.ofSeconds(drainSeconds));
        int completed = (int) finals.values().stream().filter("completed"::equals).count();
        Map<String, Integer> other = new TreeMap<>();
        finals.values().stream().filter(s -> !"completed".equals(s)).forEach(s -> other.merge(s, 1, Integer::sum));
        JsonNode bookings = JSON.readTree(simGet("/sim/admin/bookings"));
        Map<String, Integer> perPerson = new TreeMap<>();
        bookings.forEach(b -> perPerson.merge(b.path("personal_number").asText(), 1, Integer::sum));
        int doubles = (int) perPerson.values().stream().filter(v -> v > 1).count();
        log("phase jobs completed " + completed + " of " + phase.size() + ", other " + other + "; bookings "
                + bookings.size() + ", persons booked twice " + doubles);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", n);
        out.put("rounds", rounds);
        out.put("rate", rate);
        out.put("phases_before", before);
        out.put("phases_after_each_round", during);
        out.put("windows_ms", windows);
        List<Long> ws = new ArrayList<>(windows);
        Collections.sort(ws);
        out.put("window_p95_ms", ws.get((int) Math.ceil(0.95 * ws.size()) - 1));
        out.put("window_max_ms", ws.getLast());
        out.put("kill_to_back_ms", killToBack);
        out.put("switch_ms", switches);
        out.put("answers", histogram(all));
        out.put("accepted", accepted.size());
        out.put("lost", lost.get());
        out.put("lost_ids", lostIds);
        out.put("phase_jobs", phase.size());
        out.put("phase_completed", completed);
        out.put("phase_other", other);
        out.put("bookings", bookings.size());
        out.put("double_bookings", doubles);
        out.put("pay_delay_ms", payMs);
        System.out.println(JSON.writeValueAsString(out));
    }

    /** The Redis side alone: ROUNDS kills, each followed by the sentinels' switch and the old primary's return. */
    static void topology(int rounds) throws Exception {
        List<Long> switches = new ArrayList<>();
        List<Long> synced = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            int old = primaryPort();
            long killAt = System.currentTimeMillis();
            kill(old);
            int now = old;
            while (now == old || now <= 0) {
                if (System.currentTimeMillis() - killAt > 60_000) {
                    throw new IllegalStateException("no new primary within 60 s");
                }
                Thread.sleep(100);
                now = primaryPort();
            }
            switches.add(System.currentTimeMillis() - killAt);
            restartAsReplica(old, now);
            while (!linkUp(old)) {
                Thread.sleep(100);
            }
            synced.add(System.currentTimeMillis() - killAt);
            log("round " + r + ": " + old + " killed, " + now + " primary, " + old + " its replica again");
            Thread.sleep(2_000);
        }
        System.out.println(JSON.writeValueAsString(Map.of("switch_ms", switches, "replica_back_ms", synced)));
    }

    static boolean lastOk(List<Answer> answers, long ms) {
        long from = System.currentTimeMillis() - ms - 1_000;
        List<Answer> recent = answers.stream().filter(a -> a.sentMs >= from && a.sentMs < from + ms).toList();
        return !recent.isEmpty() && recent.stream().allMatch(a -> a.status == 202);
    }

    static Map<String, Integer> histogram(List<Answer> answers) {
        Map<String, Integer> h = new TreeMap<>();
        for (Answer a : answers) {
            String key = a.status == -1 ? "no answer" : a.problem == null ? Integer.toString(a.status)
                    : a.status + " " + a.problem;
            h.merge(key, 1, Integer::sum);
        }
        return h;
    }

    static List<Job> startPhase(String phase, int n, boolean autoBook) throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String person = "19900101" + String.format("%04d", PERSON.getAndIncrement());
            for (int tries = 0; ; tries++) {
                HttpResponse<String> r = start("failover-" + phase + "-" + System.nanoTime(), autoBook);
                if (r.statusCode() == 202) {
                    jobs.add(new Job(JSON.readTree(r.body()).path("job_id").asText(), person, phase));
                    break;
                }
                if (tries > 20) {
                    throw new IllegalStateException(phase + " start answered " + r.statusCode() + ": " + r.body());
                }
                Thread.sleep(500);
            }
        }
        log("started " + n + " " + phase + " jobs");
        return jobs;
    }

    /** Logs every job in (as each one reaches authenticating) until all show {@code target}. */
    static void loginAll(List<Job> jobs, String target, Duration d) throws Exception {
        Map<String, String> opened = new ConcurrentHashMap<>();
        awaitAll(jobs, target, d, opened);
    }

    static void awaitAll(List<Job> jobs, String target, Duration d) throws Exception {
        awaitAll(jobs, target, d, null);
    }

    /** Polls every job until all show {@code target}; with {@code opened}, logs in each job that asks. */
    private static void awaitAll(List<Job> jobs, String target, Duration d, Map<String, String> opened)
            throws Exception {
        long end = System.nanoTime() + d.toNanos();
        while (true) {
            Map<String, Integer> c = new TreeMap<>();
            for (Job j : jobs) {
                JsonNode v = status(j.id);
                c.merge(v.path("status").asText("?"), 1, Integer::sum);
                if (opened != null) {
                    loginIfAsked(j, v, opened);
                }
            }
            if (c.getOrDefault(target, 0) == jobs.size()) {
                log(jobs.size() + " " + jobs.getFirst().phase + " jobs " + target);
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(jobs.getFirst().phase + " jobs never all reached " + target + ": " + c);
            }
            Thread.sleep(1_000);
        }
    }

    /** A job in authenticating with an order not yet approved: the person opens it in the BankID app. */
    static void loginIfAsked(Job j, JsonNode view, Map<String, String> opened) throws Exception {
        String token = view.path("autostart_token").asText("");
        if ("authenticating".equals(view.path("status").asText()) && !token.isEmpty()
                && !token.equals(opened.get(j.id))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/sim/bankid/open"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("autostart_token", token,
                            "personal_number", j.person)))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 || r.statusCode() == 409) {
                opened.put(j.id, token);
            }
        }
    }

    static Map<String, String> drain(List<Job> jobs, Duration d) throws Exception {
        Map<String, String> opened = new ConcurrentHashMap<>();
        Map<String, String> finals = new ConcurrentHashMap<>();
        long end = System.nanoTime() + d.toNanos();
        while (finals.size() < jobs.size() && System.nanoTime() < end) {
            for (Job j : jobs) {
                if (finals.containsKey(j.id)) {
                    continue;
                }
                JsonNode v = status(j.id);
                String s = v.path("status").asText();
                if (List.of("completed", "failed", "cancelled", "expired").contains(s)) {
                    finals.put(j.id, s);
                } else {
                    loginIfAsked(j, v, opened);
                }
            }
            Thread.sleep(2_000);
        }
        for (Job j : jobs) {
            finals.putIfAbsent(j.id, "still " + status(j.id).path("status").asText());
        }
        return finals;
    }

    static Map<String, Integer> counts(List<Job> jobs) throws Exception {
        Map<String, Integer> c = new TreeMap<>();
        for (Job j : jobs) {
            c.merge(status(j.id).path("status").asText("?"), 1, Integer::sum);
        }
        return c;
    }

    // ---- start rate, closed loop: CLIENTS callers for SECONDS ----

    static void rate(int seconds, int clients) throws Exception {
        for (int i = 0; i < 20; i++) { // warm up the JIT and the pools
            startOnce("warm-" + i);
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger other = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        AtomicInteger seq = new AtomicInteger();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    Answer a = startOnce("closed-" + seq.incrementAndGet());
                    if (a.status == 202) {
                        latencies.add((System.nanoTime() - t) / 1_000_000);
                    } else {
                        other.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", seconds);
        out.put("clients", clients);
        out.put("accepted", sorted.size());
        out.put("other_answers", other.get());
        out.put("starts_per_s", Math.round(sorted.size() * 10.0 / seconds) / 10.0);
        out.put("p50_ms", sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
        out.put("p99_ms", sorted.isEmpty() ? null : sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1));
        System.out.println(JSON.writeValueAsString(out));
    }

    // ---- HTTP ----

    static HttpResponse<String> start(String user, boolean autoBook) throws Exception {
        LocalDate from = LocalDate.now().plusDays(3);
        String body = JSON.writeValueAsString(Map.of("user_id", user, "license_type", "B", "exam_type", "Körprov",
                "locations", List.of("Uppsala", "Stockholm", "Göteborg", "Malmö"),
                "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(150).toString())),
                "auto_book", autoBook));
        return HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/booking/start"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Answer startOnce(String user) {
        long sent = System.currentTimeMillis();
        try {
            HttpResponse<String> r = start(user + "-" + System.nanoTime(), false);
            String id = null;
            String problem = null;
            if (r.statusCode() == 202) {
                id = JSON.readTree(r.body()).path("job_id").asText();
            } else {
                String type = JSON.readTree(r.body()).path("type").asText("");
                problem = type.isEmpty() ? null : type.substring(type.lastIndexOf('/') + 1)
                        + (r.headers().firstValue("Retry-After").isPresent() ? "" : " (no Retry-After)");
            }
            return new Answer(sent, System.currentTimeMillis(), r.statusCode(), id, problem);
        } catch (Exception e) {
            return new Answer(sent, System.currentTimeMillis(), -1, null, e.getClass().getSimpleName());
        }
    }

    static JsonNode status(String id) throws Exception {
        for (int tries = 0; ; tries++) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/booking/status/"
                        + id)).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 || r.statusCode() == 404 || tries > 30) {
                    return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode()
                            .put("status", "http " + r.statusCode());
                }
            } catch (java.io.IOException e) {
                if (tries > 30) {
                    throw e;
                }
            }
            Thread.sleep(500);
        }
    }

    static int statusCode(String id) {
        try {
            String s = status(id).path("status").asText();
            return s.equals("http 404") ? 404 : 200;
        } catch (Exception e) {
            return -1;
        }
    }

    static void cancel(String id) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/booking/cancel/" + id))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"reason\":\"benchmark done\",\"force\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            // counted by nothing: the job only waits in the queue
        }
    }

    static void parallel(List<String> ids, java.util.function.Consumer<String> each) throws InterruptedException {
        Semaphore permits = new Semaphore(32);
        List<Thread> threads = new ArrayList<>();
        for (String id : ids) {
            permits.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    each.accept(id);
                } finally {
                    permits.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    static void scenario(Map<String, Object> knobs) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/sim/admin/scenario"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(knobs))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("scenario " + knobs + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static String simGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    // ---- Redis, through redis-cli ----

    static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    /** The primary's port as a majority of the sentinels name it; 0 while they disagree or do not answer. */
    static int primaryPort() {
        Map<Integer, Integer> votes = new TreeMap<>();
        for (String s : SENTINELS) {
            String[] lines = cli(Integer.parseInt(s), "sentinel", "get-master-addr-by-name", "provtid").trim()
                    .split("\\s+");
            if (lines.length == 2 && lines[1].matches("\\d+")) {
                votes.merge(Integer.parseInt(lines[1]), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().filter(e -> e.getValue() >= 2).map(Map.Entry::getKey).findFirst().orElse(0);
    }

    static void kill(int port) {
        String info = cli(port, "info", "server");
        long pid = info.lines().filter(l -> l.startsWith("process_id:")).map(l -> Long.parseLong(l.substring(11).trim()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no process_id from the node on " + port));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
    }

    static void restartAsReplica(int port, int primary) throws Exception {
        Process p = new ProcessBuilder("redis-server", DIR.resolve("node-" + port + ".conf").toString(), "--replicaof",
                "127.0.0.1", Integer.toString(primary)).redirectErrorStream(true).start();
        p.waitFor(5, TimeUnit.SECONDS); // daemonize yes: the parent returns at once
    }

    static boolean linkUp(int port) {
        return cli(port, "info", "replication").contains("master_link_status:up");
    }
}
