import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SSE fan-out benchmark client (bench/sse-fanout.sh starts the app and runs this with the app's libraries):
 * JOBS jobs waiting for a BankID scan (authenticating), SUBS subscribers on each job's stream_url, measured for
 * SECONDS. Every subscriber should get every QR frame; a frame's lateness is its arrival on the subscriber minus
 * the moment its code became current (valid_until - 1 s). Also counts refused streams and samples the server's
 * CPU (utime+stime of APP_PID from /proc) and memory (RSS, PSS) without subscribers (baseline) and with them.
 *
 * Usage: java -cp 'target/quarkus-app/lib/main/*' bench/SseFanout.java JOBS SUBS SECONDS APP_PID
 * Env: BENCH_URL, BENCH_TOKEN, BASELINE (s, default 10), SETTLE (s, default 5), GRACE (s, default 5),
 * START_TIMEOUT (s, default 240), OPEN_TIMEOUT (s, default 60), RAMP (s over which the streams are opened, default 0:
 * all at once), CLK_TCK (default 100).
 * Prints a readable summary, then one JSON object on the last line. Exit status 0, or 2 when it gave up.
 */
public class SseFanout {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BASE = System.getenv().getOrDefault("BENCH_URL", "http://127.0.0.1:18080");
    static final String TOKEN = System.getenv().getOrDefault("BENCH_TOKEN", "bench-secret-token");
    // HTTP/1.1, one TCP connection per stream, as browsers' EventSource connections reach the app behind a proxy.
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();

    static int env(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }

    record Frame(long sequence, long currentFromMs, long arrivedMs) {
    }

    static final class Sub {
        final int job;
        final int index;
        volatile int status;           // HTTP status of the stream, 0 before the answer, -1 on a failure to connect
        volatile String error;         // failure to connect, or the body of a non-200 answer (cut)
        volatile String endReason;     // why the stream ended: the server closed it, or the exception
        volatile String lastEvent = "";  // the last event line and id line seen (for streams that end early)
        volatile int lines;
        volatile long connectMs = -1;  // request sent -> response headers
        volatile long endedAtMs;       // when the stream ended (0 while open)
        final java.util.Queue<Frame> frames = new java.util.concurrent.ConcurrentLinkedQueue<>();
        volatile Stream<String> body;

        Sub(int job, int index) {
            this.job = job;
            this.index = index;
        }
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(args[0]);
        int subs = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long appPid = Long.parseLong(args[3]);
        int baseline = env("BASELINE", 10);
        int settle = env("SETTLE", 5);
        int grace = env("GRACE", 5);
        int startTimeout = env("START_TIMEOUT", 240);
        int openTimeout = env("OPEN_TIMEOUT", 60);
        int hz = env("CLK_TCK", 100);
        int ramp = env("RAMP", 0);
        long deadline = startTimeout + baseline + ramp + openTimeout + settle + seconds + grace + 90;
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(deadline * 1000);
                System.out.println("sse-fanout: gave up after " + deadline + " s (watchdog)");
                System.exit(2);
            } catch (InterruptedException done) {
                // finished in time
            }
        });

        // 1. jobs, each waiting for a BankID scan
        long t = System.currentTimeMillis();
        List<String[]> started = new ArrayList<>(); // {job_id, stream_url}
        LocalDate from = LocalDate.now().plusDays(10);
        for (int i = 0; i < jobs; i++) {
            String body = JSON.writeValueAsString(Map.of("user_id", "fanout-" + ProcessHandle.current().pid() + "-" + i,
                    "license_type", "B", "exam_type", "Körprov", "locations", List.of("Uppsala", "Stockholm"),
                    "date_ranges", List.of(Map.of("start", from.toString(), "end", from.plusDays(60).toString())),
                    "auto_book", false, "priority", "normal"));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/booking/start"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                fail("start answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode s = JSON.readTree(r.body());
            started.add(new String[] {s.path("job_id").asText(), s.path("stream_url").asText()});
        }
        Set<String> waiting = new HashSet<>();
        started.forEach(s -> waiting.add(s[0]));
        long until = System.currentTimeMillis() + startTimeout * 1000L;
        while (!waiting.isEmpty()) {
            if (System.currentTimeMillis() > until) {
                cancel(started);
                fail(waiting.size() + " of " + jobs + " jobs not authenticating after " + startTimeout + " s");
            }
            for (String id : List.copyOf(waiting)) {
                String st = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/booking/status/" + id))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .path("status").asText();
                if (st.equals("authenticating")) {
                    waiting.remove(id);
                } else if (List.of("failed", "cancelled", "expired", "completed").contains(st)) {
                    cancel(started);
                    fail("job " + id + " ended as " + st + " before authenticating");
                }
            }
            Thread.sleep(1000);
        }
        Thread.sleep(2000); // first frames of the last jobs
        System.out.printf("jobs: %d authenticating after %.1f s%n", jobs, (System.currentTimeMillis() - t) / 1000.0);

        // 2. baseline: the same jobs, no subscribers
        long[] b0 = cpuTicks(appPid);
        long bt0 = System.nanoTime();
        Thread.sleep(baseline * 1000L);
        long[] b1 = cpuTicks(appPid);
        double baseSecs = (System.nanoTime() - bt0) / 1e9;
        long[] baseMem = memKib(appPid);
        double baseCpu = pctOfCore(b1[0] - b0[0], hz, baseSecs);
        double baseTreeCpu = pctOfCore(b1[1] - b0[1], hz, baseSecs);
        System.out.printf("baseline (%d jobs, no subscribers, %.0f s): server JVM CPU %.1f %% of a core (whole tree %.1f %%),"
                + " JVM RSS %d MiB, PSS %d MiB%n", jobs, baseSecs, baseCpu, baseTreeCpu, baseMem[0] / 1024, baseMem[1] / 1024);

        // 3. open every stream at once, each on a virtual thread
        List<Sub> all = new ArrayList<>();
        CountDownLatch answered = new CountDownLatch(jobs * subs);
        long openStart = System.currentTimeMillis();
        for (int j = 0; j < jobs; j++) {
            for (int k = 0; k < subs; k++) {
                Sub s = new Sub(j, k);
                all.add(s);
                String url = BASE + started.get(j)[1];
                Thread.ofVirtual().name("sub-" + j + "-" + k).start(() -> listen(s, url, answered));
                if (ramp > 0) {
                    // spread the opens evenly over RAMP seconds, round-robin over the jobs' order of start
                    long due = openStart + ramp * 1000L * all.size() / ((long) jobs * subs);
                    Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
                }
            }
        }
        boolean allAnswered = answered.await(openTimeout, TimeUnit.SECONDS);
        long openMs = System.currentTimeMillis() - openStart;
        long open = all.stream().filter(s -> s.status == 200).count();
        System.out.printf("streams: %d of %d open (200) after %d ms (%s)%s%n", open, all.size(), openMs,
                ramp > 0 ? "opened over " + ramp + " s" : "all opened at once",
                allAnswered ? "" : "; some got no answer within " + openTimeout + " s");

        // 4. settle, then the measured window
        Thread.sleep(settle * 1000L);
        long w0 = System.currentTimeMillis();
        long[] c0 = cpuTicks(appPid);
        long n0 = System.nanoTime();
        long clientCpu0 = clientCpuNanos();
        long[] memPeak = {0, 0};
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1000);
            if (i == seconds / 2 || i == seconds - 1) {
                long[] m = memKib(appPid);
                memPeak[0] = Math.max(memPeak[0], m[0]);
                memPeak[1] = Math.max(memPeak[1], m[1]);
            }
        }
        long[] c1 = cpuTicks(appPid);
        double winSecs = (System.nanoTime() - n0) / 1e9;
        long w1 = w0 + seconds * 1000L;
        double clientCpu = (clientCpuNanos() - clientCpu0) / 1e9 / winSecs * 100;
        Thread.sleep(grace * 1000L); // late frames of the window's last seconds
        for (Sub s : all) {
            Stream<String> b = s.body;
            if (b != null) {
                b.close();
            }
        }
        Thread.sleep(500);
        cancel(started);

        // 5. figures: only codes that became current inside the window [w0, w1)
        Map<Integer, Set<Long>> published = new TreeMap<>(); // per job: sequences any subscriber saw
        List<Long> late = new ArrayList<>();
        List<Integer> received = new ArrayList<>();
        int dropped = 0;
        Map<String, Integer> droppedWhy = new TreeMap<>();
        for (Sub s : all) {
            if (s.status != 200) {
                continue;
            }
            if (s.endedAtMs != 0 && s.endedAtMs < w1) {
                dropped++;
                droppedWhy.merge(String.valueOf(s.endReason), 1, Integer::sum);
                if (dropped <= 5) {
                    System.out.printf("  ended early: job %d subscriber %d, %.1f s into the window, after %d lines,"
                            + " %d frames; last: %s%n", s.job, s.index, (s.endedAtMs - w0) / 1000.0, s.lines,
                            s.frames.size(), s.lastEvent);
                }
            }
            Set<Long> seqs = new HashSet<>();
            for (Frame f : s.frames) {
                if (f.currentFromMs >= w0 && f.currentFromMs < w1 && seqs.add(f.sequence)) {
                    late.add(f.arrivedMs - f.currentFromMs);
                }
            }
            published.computeIfAbsent(s.job, x -> new HashSet<>()).addAll(seqs);
            received.add(seqs.size());
        }
        int complete = 0;
        for (Sub s : all) {
            if (s.status != 200) {
                continue;
            }
            long got = s.frames.stream().filter(f -> f.currentFromMs >= w0 && f.currentFromMs < w1)
                    .map(Frame::sequence).distinct().count();
            if (got == published.getOrDefault(s.job, Set.of()).size()) {
                complete++;
            }
        }
        List<Integer> perJob = new ArrayList<>(published.values().stream().map(Set::size).toList());
        late.sort(null);
        received.sort(null);
        perJob.sort(null);
        List<Long> connect = all.stream().filter(s -> s.connectMs >= 0).map(s -> s.connectMs).sorted().toList();
        Map<String, Integer> refused = new TreeMap<>();
        Map<String, String> refusedExample = new TreeMap<>();
        for (Sub s : all) {
            if (s.status != 200) {
                String why = s.status == 0 ? "no answer" : s.status < 0 ? "error: " + s.error : "HTTP " + s.status;
                refused.merge(why, 1, Integer::sum);
                if (s.status > 0 && s.error != null) {
                    refusedExample.putIfAbsent(why, s.error);
                }
            }
        }
        int refusedCount = refused.values().stream().mapToInt(Integer::intValue).sum();
        double cpu = pctOfCore(c1[0] - c0[0], hz, winSecs);
        double treeCpu = pctOfCore(c1[1] - c0[1], hz, winSecs);
        long onTime = late.stream().filter(l -> l < 1000).count();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", jobs);
        out.put("subscribers_per_job", subs);
        out.put("streams", all.size());
        out.put("seconds", seconds);
        out.put("window_start", Instant.ofEpochMilli(w0).toString());
        out.put("streams_open", open);
        out.put("streams_refused", refusedCount);
        out.put("refused_by_reason", refused);
        out.put("refused_example_body", refusedExample);
        out.put("streams_ended_early", dropped);
        out.put("ended_early_by_reason", droppedWhy);
        out.put("open_ramp_s", ramp);
        out.put("open_all_ms", openMs);
        out.put("connect_p50_ms", pct(connect, 50));
        out.put("connect_p99_ms", pct(connect, 99));
        out.put("connect_max_ms", connect.isEmpty() ? null : connect.getLast());
        out.put("frames_expected_per_subscriber", seconds);
        out.put("frames_published_per_job_min", perJob.isEmpty() ? null : perJob.getFirst());
        out.put("frames_published_per_job_median", pct(perJob, 50));
        out.put("frames_received_per_subscriber_min", received.isEmpty() ? null : received.getFirst());
        out.put("frames_received_per_subscriber_median", pct(received, 50));
        out.put("frames_received_per_subscriber_max", received.isEmpty() ? null : received.getLast());
        out.put("subscribers_with_every_published_frame", complete);
        out.put("frames_received", late.size());
        out.put("frames_expected", (long) open * seconds);
        out.put("lateness_p50_ms", pct(late, 50));
        out.put("lateness_p99_ms", pct(late, 99));
        out.put("lateness_max_ms", late.isEmpty() ? null : late.getLast());
        out.put("lateness_min_ms", late.isEmpty() ? null : late.getFirst());
        out.put("arrived_while_current_share", late.isEmpty() ? null : round3((double) onTime / late.size()));
        out.put("server_cpu_pct_of_core", round1(cpu));
        out.put("server_cpu_pct_of_core_baseline", round1(baseCpu));
        out.put("server_tree_cpu_pct_of_core", round1(treeCpu));
        out.put("server_tree_cpu_pct_of_core_baseline", round1(baseTreeCpu));
        out.put("server_rss_mib", memPeak[0] / 1024);
        out.put("server_pss_mib", memPeak[1] / 1024);
        out.put("server_rss_mib_baseline", baseMem[0] / 1024);
        out.put("server_pss_mib_baseline", baseMem[1] / 1024);
        out.put("client_cpu_pct_of_core", round1(clientCpu));

        System.out.printf("window: %d s from %s, %d streams measured%n", seconds, Instant.ofEpochMilli(w0), open);
        System.out.printf("refused streams: %d %s; ended early: %d %s; connect p50/p99/max %s/%s/%s ms%n", refusedCount,
                refused.isEmpty() ? "" : refused, dropped, droppedWhy.isEmpty() ? "" : droppedWhy, pct(connect, 50),
                pct(connect, 99), connect.isEmpty() ? null : connect.getLast());
        refusedExample.forEach((why, body) -> System.out.println("  " + why + " answered: " + body));
        System.out.printf("frames per subscriber: expected %d (one a second), published per job min/median %s/%s,"
                + " received min/median/max %s/%s/%s; %d of %d subscribers got every published frame%n", seconds,
                out.get("frames_published_per_job_min"), out.get("frames_published_per_job_median"),
                out.get("frames_received_per_subscriber_min"), out.get("frames_received_per_subscriber_median"),
                out.get("frames_received_per_subscriber_max"), complete, open);
        System.out.printf("lateness (arrival - (valid_until - 1 s)) over %d frames: p50 %s ms, p99 %s ms, max %s ms, min %s ms;"
                + " %s arrived while current (< 1000 ms)%n", late.size(), out.get("lateness_p50_ms"),
                out.get("lateness_p99_ms"), out.get("lateness_max_ms"), out.get("lateness_min_ms"),
                late.isEmpty() ? "-" : String.format("%.1f %%", 100.0 * onTime / late.size()));
        System.out.printf("server JVM: CPU %.1f %% of a core with streams (baseline %.1f %%; whole tree %.1f %%, baseline %.1f %%),"
                + " RSS %d MiB (baseline %d), PSS %d MiB (baseline %d); this client used %.1f %% of a core%n", cpu, baseCpu,
                treeCpu, baseTreeCpu, memPeak[0] / 1024, baseMem[0] / 1024, memPeak[1] / 1024, baseMem[1] / 1024, clientCpu);
        System.out.println(JSON.writeValueAsString(out));
        watchdog.interrupt();
        System.exit(0);
    }

    static void listen(Sub s, String url, CountDownLatch answered) {
        long sent = System.currentTimeMillis();
        try {
            HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            s.connectMs = System.currentTimeMillis() - sent;
            s.status = r.statusCode();
            s.body = r.body();
            answered.countDown();
            if (s.status != 200) {
                try (Stream<String> b = r.body()) {
                    String text = String.join(" ", b.limit(20).toList());
                    s.error = text.length() > 300 ? text.substring(0, 300) + "..." : text;
                }
                return;
            }
            boolean qr = false;
            for (String line : (Iterable<String>) r.body()::iterator) {
                long now = System.currentTimeMillis(); // arrival, taken before any parsing
                s.lines++;
                if (line.startsWith("id:") || line.startsWith("event:") || line.startsWith(":")) {
                    s.lastEvent = line.startsWith("id:") ? line : s.lastEvent.replaceAll(" .*", "") + " " + line;
                }
                if (line.startsWith("event:")) {
                    qr = line.substring(6).trim().equals("qr_code_update");
                } else if (qr && line.startsWith("data:")) {
                    // the PNG makes the line a few KiB: pick the two fields out instead of parsing it all
                    String until = field(line, "\"valid_until\":\"", '"');
                    String seq = field(line, "\"sequence\":", ',');
                    if (until != null && seq != null) {
                        s.frames.add(new Frame(Long.parseLong(seq.replace("}", "").trim()),
                                Instant.parse(until).toEpochMilli() - 1000, now));
                    }
                    qr = false;
                } else if (line.isEmpty()) {
                    qr = false;
                }
            }
            s.endReason = "the server ended the stream";
        } catch (Exception e) {
            s.endReason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (s.status == 0) {
                s.status = -1;
                s.error = e.getClass().getSimpleName();
                answered.countDown();
            }
        } finally {
            s.endedAtMs = System.currentTimeMillis();
        }
    }

    static String field(String line, String key, char end) {
        int i = line.indexOf(key);
        if (i < 0) {
            return null;
        }
        i += key.length();
        int j = line.indexOf(end, i);
        if (j < 0) {
            j = line.indexOf('}', i);
        }
        return j < 0 ? null : line.substring(i, j);
    }

    /** {JVM ticks, ticks of the JVM and all its descendants} (utime + stime). */
    static long[] cpuTicks(long pid) {
        long self = ticks(pid);
        long tree = self;
        for (long d : ProcessHandle.of(pid).map(p -> p.descendants().map(ProcessHandle::pid).toList()).orElse(List.of())) {
            tree += ticks(d);
        }
        return new long[] {self, tree};
    }

    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 utime, 15 stime
        } catch (Exception gone) {
            return 0;
        }
    }

    /** {VmRSS, Pss} of the JVM alone, KiB. */
    static long[] memKib(long pid) {
        long rss = 0;
        long pss = 0;
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    rss = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (l.startsWith("Pss:")) {
                    pss = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception gone) {
            // the app ended
        }
        return new long[] {rss, pss};
    }

    static long clientCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    static double pctOfCore(long ticks, int hz, double secs) {
        return ticks * 100.0 / hz / secs;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static <T extends Comparable<T>> T pct(List<T> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static void cancel(List<String[]> started) {
        for (String[] s : started) {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/booking/cancel/" + s[0]))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"benchmark done\",\"force\":true}"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // the app stops after the run anyway
            }
        }
    }

    static void fail(String why) {
        System.out.println("sse-fanout: " + why);
        System.exit(2);
    }
}
