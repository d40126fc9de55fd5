import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Provtid's benchmarks against a running app with the simulator (see bench/*.sh). Modes:
 * memory N APP_PID | qr N SECONDS | first-qr N | burst N [warm|cold] | redis N MINUTES KEY_PREFIX. Prints one JSON
 * object on the last line.
 */
public class Bench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String base = System.getenv().getOrDefault("BENCH_URL", "http://127.0.0.1:18080");
    static String token = System.getenv().getOrDefault("BENCH_TOKEN", "bench-secret-token");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "memory" -> memory(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "qr" -> qr(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "first-qr" -> firstQr(Integer.parseInt(args[1]));
            case "burst" -> burst(Integer.parseInt(args[1]), args.length > 2 ? args[2] : "warm");
            case "redis" -> redisPerJobMinute(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
            case "pss" -> System.out.println(pssKib(Long.parseLong(args[1])) / 1024);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    // ---- memory: N jobs held in authenticating, then in searching; PSS of the app's whole process tree ----

    static void memory(int n, long appPid) throws Exception {
        scenario("{\"no_slots\": true}"); // jobs stay in searching
        List<Job> jobs = startJobs(n);
        for (Job j : jobs) {
            j.awaitQr(Duration.ofMinutes(3));
        }
        Thread.sleep(5_000); // let pages settle (fonts, canvas) before measuring
        long auth = pssKib(appPid);
        int i = 0;
        for (Job j : jobs) {
            String person = "19900101" + String.format("%04d", 1000 + i++);
            // Under load a code may reach us late and be refused as stale: scan the newest one again.
            for (int tries = 0; scan(j.lastQr, person) != 200 && tries < 20; tries++) {
                Thread.sleep(300);
            }
        }
        i = 0;
        for (Job j : jobs) {
            String person = "19900101" + String.format("%04d", 1000 + i++);
            j.awaitSearching(person, Duration.ofMinutes(3));
        }
        Thread.sleep(8_000);
        long search = pssKib(appPid);
        Map<String, Object> hosts = get("/api/v1/status/browser-sessions");
        cancelAll(jobs);
        scenario("{\"no_slots\": false}");
        System.out.println(JSON.writeValueAsString(Map.of("n", n, "authenticating_total_mib", auth / 1024,
                "authenticating_per_job_mib", auth / 1024.0 / n, "searching_total_mib", search / 1024,
                "searching_per_job_mib", search / 1024.0 / n, "hosts", hosts.get("hosts_running"),
                "processes", tree(appPid).size())));
    }

    /** PSS (KiB) of the process and all its descendants, from /proc/<pid>/smaps_rollup. */
    static long pssKib(long root) throws Exception {
        long sum = 0;
        for (long pid : tree(root)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (java.io.IOException gone) {
                // ended meanwhile
            }
        }
        return sum;
    }

    static List<Long> tree(long root) {
        List<Long> out = new ArrayList<>();
        ProcessHandle.of(root).ifPresent(p -> {
            out.add(p.pid());
            p.descendants().forEach(d -> out.add(d.pid()));
        });
        return out;
    }

    // ---- QR latency: when each code became current (simulator) vs when it reached the SSE client ----

    static void qr(int n, int seconds) throws Exception {
        List<Job> jobs = startJobs(n);
        for (Job j : jobs) {
            j.awaitQr(Duration.ofMinutes(3));
        }
        long from = System.currentTimeMillis();
        for (Job j : jobs) {
            j.frames.clear(); // measure the steady state only: every job is streaming
        }
        Thread.sleep(seconds * 1000L);
        List<Frame> all = new ArrayList<>();
        Map<String, Long> startTimes = new ConcurrentHashMap<>();
        for (Job j : jobs) {
            for (Frame f : j.frames) {
                if (f.arrivedMs < from) {
                    continue;
                }
                long t0 = startTimes.computeIfAbsent(f.token, Bench::qrStartTime);
                f.currentFromMs = (t0 + f.second) * 1000;
                all.add(f);
            }
        }
        cancelAll(jobs);
        List<Long> lat = all.stream().map(f -> f.arrivedMs - f.currentFromMs).sorted().toList();
        long valid = all.stream().filter(f -> f.arrivedMs < f.currentFromMs + 1000).count();
        long expected = (long) n * seconds;
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("n", n);
        out.put("seconds", seconds);
        out.put("frames", all.size());
        out.put("frames_expected", expected);
        out.put("p50_ms", pct(lat, 50));
        out.put("p99_ms", pct(lat, 99));
        out.put("max_ms", lat.isEmpty() ? null : lat.getLast());
        out.put("min_ms", lat.isEmpty() ? null : lat.getFirst());
        out.put("valid_share", all.isEmpty() ? 0 : (double) valid / all.size());
        out.put("sources", all.stream().collect(java.util.stream.Collectors.groupingBy(f -> f.source,
                java.util.stream.Collectors.counting())));
        System.out.println(JSON.writeValueAsString(out));
    }

    static long qrStartTime(String token) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sim/admin/orders/" + token))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).path("qr_start_time").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    // ---- time from start to the first QR frame on the client (warm: one job run first) ----

    static void firstQr(int n) throws Exception {
        Job warm = startJobs(1).getFirst();
        warm.awaitQr(Duration.ofMinutes(2));
        cancelAll(List.of(warm));
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.currentTimeMillis();
            Job j = startJobs(1).getFirst();
            j.awaitQr(Duration.ofMinutes(2));
            times.add(j.firstQrMs - t);
            cancelAll(List.of(j));
            Thread.sleep(500);
        }
        List<Long> sorted = times.stream().sorted().toList();
        System.out.println(JSON.writeValueAsString(Map.of("n", n, "p50_ms", pct(sorted, 50), "p90_ms", pct(sorted, 90),
                "max_ms", sorted.getLast(), "min_ms", sorted.getFirst(), "all_ms", times)));
    }

    // ---- burst: N jobs started in the same second; start -> first QR frame on each client ----

    static void burst(int n, String label) throws Exception {
        if (label.equals("warm")) {
            Job warm = startJobs(1).getFirst(); // classes loaded, a host running, the site's app cached
            warm.awaitQr(Duration.ofMinutes(2));
            cancelAll(List.of(warm));
            Thread.sleep(3_000);
        }
        List<Job> jobs = new CopyOnWriteArrayList<>();
        Map<Job, Long> startedAt = new ConcurrentHashMap<>();
        List<Thread> starters = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            int k = i;
            starters.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    long t = System.currentTimeMillis();
                    Job j = startJob(k);
                    startedAt.put(j, t);
                    jobs.add(j);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long t0 = System.currentTimeMillis();
        go.countDown();
        for (Thread t : starters) {
            t.join();
        }
        long spread = startedAt.values().stream().mapToLong(Long::longValue).max().orElse(t0) - t0;
        for (Job j : jobs) {
            j.awaitQr(Duration.ofMinutes(3));
        }
        Thread.sleep(3_000);
        List<Long> times = new ArrayList<>();
        int within30 = 0;
        int validStreams = 0;
        Map<String, Long> orderStarts = new java.util.HashMap<>();
        for (Job j : jobs) {
            long t = j.firstQrMs - startedAt.get(j);
            times.add(t);
            if (t <= 30_000) {
                within30++;
            }
            // A valid stream: computed codes, each arriving while it was current (its second had not passed yet).
            boolean valid = !j.frames.isEmpty() && j.frames.stream().allMatch(f -> f.source.equals("computed")
                    && f.arrivedMs < (orderStarts.computeIfAbsent(f.token, Bench::qrStartTime) + f.second) * 1000 + 1000);
            if (valid) {
                validStreams++;
            }
        }
        cancelAll(jobs);
        List<Long> sorted = times.stream().sorted().toList();
        System.out.println(JSON.writeValueAsString(Map.of("n", n, "mode", label, "p50_ms", pct(sorted, 50),
                "p95_ms", pct(sorted, 95), "max_ms", sorted.getLast(), "min_ms", sorted.getFirst(),
                "within_30s", within30, "streaming_valid_frames", validStreams, "starts_spread_ms", spread,
                "all_ms", sorted)));
    }

    // ---- Redis memory per waiting job-minute: MEMORY USAGE of each job's keys ----

    static void redisPerJobMinute(int n, int minutes, String prefix) throws Exception {
        List<Job> jobs = startJobs(n);
        for (Job j : jobs) {
            j.awaitQr(Duration.ofMinutes(3));
        }
        long first = keyBytes(jobs, prefix);
        long t0 = System.currentTimeMillis();
        Thread.sleep(minutes * 60_000L);
        long last = keyBytes(jobs, prefix);
        double waited = (System.currentTimeMillis() - t0) / 60_000.0;
        long frames = jobs.stream().mapToLong(j -> j.frames.size()).sum();
        cancelAll(jobs);
        System.out.println(JSON.writeValueAsString(Map.of("n", n, "minutes", waited,
                "per_job_bytes_at_start", first / n, "per_job_bytes_at_end", last / n,
                "per_job_minute_bytes", last / n / waited, "growth_per_job_minute_bytes", (last - first) / n / waited,
                "frames_per_job", frames / n)));
    }

    /** Sum of MEMORY USAGE of every job's hash and event stream (redis-cli, exact: SAMPLES 0). */
    static long keyBytes(List<Job> jobs, String prefix) throws Exception {
        long sum = 0;
        for (Job j : jobs) {
            for (String key : List.of(prefix + ":job:" + j.id, prefix + ":events:" + j.id)) {
                Process p = new ProcessBuilder("redis-cli", "MEMORY", "USAGE", key, "SAMPLES", "0").start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                p.waitFor();
                if (!out.isEmpty() && out.chars().allMatch(Character::isDigit)) {
                    sum += Long.parseLong(out);
                }
            }
        }
        return sum;
    }

    // ---- jobs and their streams ----

    static final class Frame {
        String token;
        long second;
        long arrivedMs;
        long currentFromMs;
        String source;
    }

    static final class Job {
        String id;
        volatile String lastQr;
        volatile long firstQrMs;
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final List<String> statuses = new CopyOnWriteArrayList<>();
        final CountDownLatch qr = new CountDownLatch(1);

        /** The BankID order a code belongs to (its start token): a new order means a new login. */
        static String order(String qr) {
            String[] parts = qr == null ? new String[0] : qr.split("\\.");
            return parts.length > 1 ? parts[1] : "";
        }

        void awaitQr(Duration d) throws InterruptedException {
            if (!qr.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no QR for " + id + " within " + d + "; saw " + statuses);
            }
        }

        /**
         * Waits for searching; a job that failed over to another browser meanwhile starts a new login (a new code),
         * which is scanned as the person would.
         */
        void awaitSearching(String person, Duration d) throws Exception {
            long end = System.nanoTime() + d.toNanos();
            String scannedOrder = order(lastQr);
            while (!statuses.contains("searching")) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(id + " never reached searching; saw " + statuses);
                }
                String now = lastQr;
                if (!order(now).equals(scannedOrder) && scan(now, person) == 200) {
                    scannedOrder = order(now);
                }
                Thread.sleep(300);
            }
        }
    }

    static List<Job> startJobs(int n) throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(startJob(i));
        }
        return jobs;
    }

    static Job startJob(int i) throws Exception {
        LocalDate from = LocalDate.now().plusDays(10);
        {
            String body = JSON.writeValueAsString(Map.of("user_id", "bench-" + System.nanoTime() + "-" + i,
                    "license_type", "B", "exam_type", "Körprov", "locations", List.of("Uppsala", "Stockholm"),
                    "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(60).toString())),
                    "auto_book", false, "priority", "normal"));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/booking/start"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("start answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode started = JSON.readTree(r.body());
            Job j = new Job();
            j.id = started.path("job_id").asText();
            listen(started.path("stream_url").asText(), j);
            return j;
        }
    }

    static void listen(String streamUrl, Job j) {
        Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + streamUrl))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                String type = null;
                for (String line : (Iterable<String>) r.body()::iterator) {
                    long now = System.currentTimeMillis(); // arrival on the client, taken before any parsing
                    if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        JsonNode d = JSON.readTree(line.substring(5)).path("data");
                        if ("qr_code_update".equals(type)) {
                            String[] parts = d.path("qr_payload").asText().split("\\.");
                            Frame f = new Frame();
                            f.token = parts[1];
                            f.second = Long.parseLong(parts[2]);
                            f.arrivedMs = now;
                            f.source = d.path("source").asText();
                            j.frames.add(f);
                            j.lastQr = d.path("qr_payload").asText();
                            if (j.firstQrMs == 0) {
                                j.firstQrMs = now;
                            }
                            j.qr.countDown();
                        } else if ("status_update".equals(type)) {
                            j.statuses.add(d.path("status").asText());
                        }
                    }
                }
            } catch (Exception e) {
                // stream closed
            }
        });
    }

    static int scan(String qr, String person) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sim/bankid/scan")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("qr", qr,
                        "personal_number", person)))).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static void cancelAll(List<Job> jobs) throws Exception {
        for (Job j : jobs) {
            HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/booking/cancel/" + j.id))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"benchmark done\",\"force\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    static void scenario(String json) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sim/admin/scenario")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> get(String path) throws Exception {
        return JSON.readValue(HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body(), Map.class);
    }
}
