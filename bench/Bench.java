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
 * memory N APP_PID | qr N SECONDS | first-qr N | burst N [warm|cold] [APP_PID] | redis N MINUTES KEY_PREFIX
 * | pss APP_PID | cpu APP_PID. Prints one JSON
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
            case "burst" -> burst(Integer.parseInt(args[1]), args.length > 2 ? args[2] : "warm",
                    args.length > 3 ? Long.parseLong(args[3]) : 0);
            case "redis" -> redisPerJobMinute(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
            case "pss" -> System.out.println(pssKib(Long.parseLong(args[1])) / 1024);
            case "cpu" -> System.out.println(treeCpuSeconds(Long.parseLong(args[1])));
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

    /** A code as the site's app draws it: bankid.<qrStartToken>.<seconds>.<qrAuthCode, 64 hex digits>. */
    static final java.util.regex.Pattern CODE =
            java.util.regex.Pattern.compile("bankid\\.([^.]+)\\.(\\d+)\\.[0-9a-f]{64}");
    static final long BURST_DEADLINE_MS = 600_000; // the page way at N=200 on 2 cores takes minutes
    static final long SETTLE_MS = 3_000;
    static final long WAIT_WINDOW_MS = 10_000;
    static final long IDLE_MS = 5_000;

    /**
     * With APP_PID (issue 21) also: CPU-seconds of the app's whole process tree per login, the tree's CPU per waiting
     * job-second, PSS per waiting job (section 1's method) and the login meters; docs/benchmarks.md section 10.
     */
    static void burst(int n, String label, long appPid) throws Exception {
        if (label.equals("warm")) {
            Job warm = startJobs(1).getFirst(); // classes loaded, a host running, the site's app cached
            warm.awaitQr(Duration.ofMinutes(2));
            cancelAll(List.of(warm));
            Thread.sleep(appPid > 0 ? 5_000 : 3_000); // the warm job's context closed, its JIT work mostly done
        }
        // The app's own CPU with no job (warm only: a cold app is still starting): its heartbeats, the idle host.
        Double idleRate = null;
        if (appPid > 0 && label.equals("warm")) {
            double a = treeCpuSeconds(appPid);
            long ta = System.currentTimeMillis();
            Thread.sleep(IDLE_MS);
            idleRate = (treeCpuSeconds(appPid) - a) / ((System.currentTimeMillis() - ta) / 1000.0);
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
        Map<String, Double> waysBefore = meters("provtid_logins_total", "way");
        Map<String, Double> fallbacksBefore = meters("provtid_login_fallbacks_total", "reason");
        Map<String, Object> siteBefore = appPid > 0 ? simGet("/sim/admin/requests") : Map.of();
        Map<String, Long> ticks0 = appPid > 0 ? treeCpuTicks(appPid) : Map.of();
        double cpu0 = seconds(ticks0);
        long t0 = System.currentTimeMillis();
        go.countDown();
        for (Thread t : starters) {
            t.join();
        }
        long spread = startedAt.values().stream().mapToLong(Long::longValue).max().orElse(t0) - t0;
        // Every job's first frame, or the deadline: a job without one counts as slower than every other.
        for (Job j : jobs) {
            j.qr.await(Math.max(0, t0 + BURST_DEADLINE_MS - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
        long lastFirst = jobs.stream().mapToLong(j -> j.firstQrMs).max().orElse(t0);
        Thread.sleep(SETTLE_MS);
        long t1 = System.currentTimeMillis();
        Map<String, Long> ticks1 = appPid > 0 ? treeCpuTicks(appPid) : Map.of();
        double cpu1 = seconds(ticks1);
        Map<String, Object> siteAfter = appPid > 0 ? simGet("/sim/admin/requests") : Map.of();
        Map<String, Double> ways = delta(waysBefore, meters("provtid_logins_total", "way"));
        Map<String, Double> fallbacks = delta(fallbacksBefore, meters("provtid_login_fallbacks_total", "reason"));
        long pss = 0;
        double cpu2 = 0;
        long t2 = t1;
        if (appPid > 0) {
            Thread.sleep(5_000 - SETTLE_MS); // section 1: every job streaming and 5 s more
            pss = pssKib(appPid);
            Thread.sleep(Math.max(0, t1 + WAIT_WINDOW_MS - System.currentTimeMillis()));
            t2 = System.currentTimeMillis();
            cpu2 = treeCpuSeconds(appPid);
        }
        long framesUntil = t2;
        List<Long> times = new ArrayList<>();
        int within30 = 0;
        int validStreams = 0;
        int validWithin10 = 0;
        int noQr = 0;
        double waitedJobSeconds = 0;
        Map<String, Long> orderStarts = new java.util.HashMap<>();
        for (Job j : jobs) {
            if (j.firstQrMs == 0) {
                noQr++;
                times.add(Long.MAX_VALUE);
                continue;
            }
            long start = startedAt.get(j);
            long t = j.firstQrMs - start;
            times.add(t);
            waitedJobSeconds += Math.max(0, t1 - j.firstQrMs) / 1000.0;
            if (t <= 30_000) {
                within30++;
            }
            // A valid stream: computed codes, each arriving while it was current (its second had not passed yet).
            boolean valid = !j.frames.isEmpty() && j.frames.stream().allMatch(f -> f.source.equals("computed")
                    && f.arrivedMs < (orderStarts.computeIfAbsent(f.token, Bench::qrStartTimeOrZero) + f.second) * 1000
                    + 1000);
            if (valid) {
                validStreams++;
            }
            // Issue 21: the first frame within 10 s of the start, and every frame until the end of the measurement
            // well formed, of an order the simulator knows, its seconds those since the order's start (+-1).
            List<Frame> seen = j.frames.stream().filter(f -> f.arrivedMs <= framesUntil).toList();
            boolean codesValid = !seen.isEmpty() && seen.stream().allMatch(f -> {
                java.util.regex.Matcher m = CODE.matcher(f.payload);
                if (!m.matches()) {
                    return false;
                }
                long orderStart = orderStarts.computeIfAbsent(m.group(1), Bench::qrStartTimeOrZero);
                return orderStart > 0 && Math.abs(f.arrivedMs / 1000 - orderStart - Long.parseLong(m.group(2))) <= 1;
            });
            if (t <= 10_000 && codesValid) {
                validWithin10++;
            }
        }
        cancelAll(jobs);
        List<Long> sorted = times.stream().sorted().toList();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("n", n);
        out.put("mode", label);
        out.put("p50_ms", pctOrNull(sorted, 50));
        out.put("p95_ms", pctOrNull(sorted, 95));
        out.put("max_ms", pctOrNull(sorted, 100));
        out.put("min_ms", pctOrNull(sorted, 0));
        out.put("no_qr", noQr);
        out.put("within_30s", within30);
        out.put("valid_within_10s", validWithin10 + "/" + n);
        out.put("streaming_valid_frames", validStreams);
        out.put("starts_spread_ms", spread);
        out.put("last_first_qr_ms", lastFirst - t0);
        if (appPid > 0) {
            int waiting = n - noQr;
            double idle = idleRate == null ? 0 : idleRate;
            // A waiting job's CPU per second, above the app's idle: the wait window's CPU less the idle app's.
            double waitRate = waiting == 0 ? 0 : ((cpu2 - cpu1) / ((t2 - t1) / 1000.0) - idle) / waiting;
            out.put("cpu_s_per_login", round3((cpu1 - cpu0) / n));
            out.put("cpu_s_per_login_net", round3((cpu1 - cpu0 - idle * (t1 - t0) / 1000.0
                    - waitRate * waitedJobSeconds) / n));
            out.put("cpu_s_window", round3(cpu1 - cpu0));
            out.put("window_ms", t1 - t0);
            out.put("cpu_s_window_by_process", delta(ticksToSeconds(ticks0), ticksToSeconds(ticks1)));
            out.put("idle_cpu_ms_per_s", idleRate == null ? null : round3(idleRate * 1000));
            out.put("wait_cpu_ms_per_job_s", round3(waitRate * 1000));
            out.put("wait_window_ms", t2 - t1);
            out.put("waiting_total_mib", pss / 1024);
            out.put("waiting_per_job_mib", round3(pss / 1024.0 / Math.max(1, waiting)));
            out.put("processes", tree(appPid).size());
            out.put("site_requests", delta(numbers(siteBefore), numbers(siteAfter)));
        }
        out.put("logins_by_way", ways);
        out.put("login_fallbacks", fallbacks);
        out.put("all_ms", sorted.stream().map(t -> t == Long.MAX_VALUE ? null : t).toList());
        System.out.println(JSON.writeValueAsString(out));
    }

    static Long pctOrNull(List<Long> sorted, int p) {
        Long v = p == 0 ? (sorted.isEmpty() ? null : sorted.getFirst()) : pct(sorted, p);
        return v == null || v == Long.MAX_VALUE ? null : v;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static long qrStartTimeOrZero(String token) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sim/admin/orders/" + token))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("qr_start_time").asLong() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    // ---- CPU of the app's whole process tree (issue 21) ----

    static long clockTicks;

    /** CPU-seconds used so far by the process and every descendant alive now (see treeCpuTicks). */
    static double treeCpuSeconds(long root) throws Exception {
        return seconds(treeCpuTicks(root));
    }

    /**
     * CPU used so far by the process and every descendant alive now, in CLK_TCK ticks, by kind of process (its
     * command, and Chromium's --type: "chromium" is the browser process, "chromium:renderer" its renderers):
     * utime + stime + cutime + cstime of each /proc/<pid>/stat; cutime/cstime hold the children already reaped
     * (closed renderers are in their zygote's).
     */
    static Map<String, Long> treeCpuTicks(long root) throws Exception {
        if (clockTicks == 0) {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            clockTicks = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            p.waitFor();
        }
        Map<String, Long> out = new java.util.TreeMap<>();
        for (long pid : tree(root)) {
            try {
                Path dir = Path.of("/proc", Long.toString(pid));
                String stat = Files.readString(dir.resolve("stat"));
                // After the command's ")": state is field 3, utime..cstime fields 14..17.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = 0;
                for (int i = 11; i <= 14; i++) {
                    ticks += Long.parseLong(f[i]);
                }
                String kind;
                try {
                    kind = Files.readSymbolicLink(dir.resolve("exe")).getFileName().toString();
                } catch (java.io.IOException | UnsupportedOperationException e) {
                    kind = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                }
                // Chromium rewrites its command line as one string with spaces (its process title).
                java.util.regex.Matcher type = java.util.regex.Pattern.compile("[\\x00 ]--type=([^\\x00 ]+)")
                        .matcher(Files.readString(dir.resolve("cmdline"), StandardCharsets.ISO_8859_1));
                out.merge(type.find() ? kind + ":" + type.group(1) : kind, ticks, Long::sum);
            } catch (java.io.IOException gone) {
                // ended meanwhile (and reaped: its time is in its parent's cutime/cstime)
            }
        }
        return out;
    }

    static double seconds(Map<String, Long> ticks) {
        return ticks.isEmpty() ? 0 : (double) ticks.values().stream().mapToLong(Long::longValue).sum() / clockTicks;
    }

    static Map<String, Double> ticksToSeconds(Map<String, Long> ticks) {
        Map<String, Double> out = new java.util.TreeMap<>();
        ticks.forEach((k, v) -> out.put(k, round3((double) v / clockTicks)));
        return out;
    }

    /** A counter's values by one label from the app's /q/metrics (management port); empty when it has none. */
    static Map<String, Double> meters(String name, String label) {
        Map<String, Double> out = new java.util.TreeMap<>();
        String url = System.getenv().getOrDefault("BENCH_MANAGEMENT_URL", "http://127.0.0.1:18081") + "/q/metrics";
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Pattern line = java.util.regex.Pattern.compile("^" + name + "\\{[^}]*" + label
                    + "=\"([^\"]*)\"[^}]*\\}\\s+(\\S+)(?:\\s+#.*)?$", java.util.regex.Pattern.MULTILINE);
            java.util.regex.Matcher m = line.matcher(body);
            while (m.find()) {
                out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        } catch (Exception e) {
            // no metrics: leave it empty
        }
        return out;
    }

    static <T extends Number> Map<String, Double> delta(Map<String, T> before, Map<String, T> after) {
        Map<String, Double> out = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            double d = v.doubleValue() - (before.containsKey(k) ? before.get(k).doubleValue() : 0);
            if (d != 0) {
                out.put(k, round3(d));
            }
        });
        return out;
    }

    static Map<String, Double> numbers(Map<String, Object> m) {
        Map<String, Double> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> {
            if (v instanceof Number x) {
                out.put(k, x.doubleValue());
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> simGet(String path) throws Exception {
        return JSON.readValue(HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body(), Map.class);
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
        String payload;
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
                            f.payload = d.path("qr_payload").asText();
                            // A malformed code is kept (and found invalid) rather than ending the stream.
                            f.token = parts.length > 1 ? parts[1] : "";
                            f.second = parts.length > 2 && parts[2].matches("\\d{1,18}") ? Long.parseLong(parts[2]) : -1;
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
