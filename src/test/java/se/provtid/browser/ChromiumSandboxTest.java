package se.provtid.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.provtid.config.ProvtidConfig.Browser.Sandbox;

/**
 * Chromium's sandbox: as root (where Chromium refuses it) the browser runs without it and says so once; as an
 * unprivileged user (the container's uid 185) it runs in it, and runs without it only after a sandboxed launch failed
 * and only in {@code auto}. The unprivileged cases run {@link SandboxProbe} in a JVM of its own as user nobody.
 */
class ChromiumSandboxTest {

    private static final Duration PROBE_STEP = Duration.ofMinutes(3);
    /** Chromium refuses its sandbox with --no-zygote: a sandboxed launch that fails for certain. */
    private static final String BREAKS_SANDBOX = "--no-zygote";

    private BrowserFleet fleet;

    @AfterEach
    void close() {
        if (fleet != null) {
            fleet.hosts().forEach(BrowserHost::close);
        }
    }

    @Test
    void asRootChromiumRunsWithoutItsSandboxAndTheFleetSaysSoOnce() {
        assumeTrue(ChromiumSandbox.runningAsRoot(), "not root: the unprivileged test covers this process");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        fleet = new BrowserFleet(TestBrowserConfig.with(Map.of("contextsPerHost", 1, "engines", List.of("chromium"))),
                metrics);
        try (WarnLog log = WarnLog.of(ChromiumSandbox.class);
                BrowserSession a = fleet.open(null); BrowserSession b = fleet.open(null)) {
            assertEquals(2, fleet.hosts().size(), "two hosts, two launches");
            for (BrowserHost h : fleet.hosts()) {
                assertTrue(cmdline(h.browserPid()).contains("--no-sandbox"), cmdline(h.browserPid()));
            }
            assertEquals(1, log.warnings().size(), log.warnings().toString());
            assertTrue(log.warnings().getFirst().contains("running as root"), log.warnings().getFirst());
            assertEquals("x", a.onPage(p -> p.evaluate("'x'")));
        }
        assertTrue(metrics.find(ChromiumSandbox.FALLBACKS).counters().isEmpty(), "root is no fallback");
    }

    @Test
    void asRootARequiredSandboxMeansNoBrowserRatherThanOneWithoutIt() {
        assumeTrue(ChromiumSandbox.runningAsRoot(), "not root: the unprivileged test covers required");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        fleet = new BrowserFleet(TestBrowserConfig.with(Map.of("sandbox", Sandbox.required,
                "engines", List.of("chromium"))), metrics);
        assertThrows(BrowserGoneException.class, () -> fleet.open(null));
        assertTrue(fleet.hosts().isEmpty());
        assertEquals(1.0, metrics.get("provtid.browser.engine.launch.failures").tag("engine", "chromium").counter()
                .count());
        assertTrue(metrics.find(ChromiumSandbox.FALLBACKS).counters().isEmpty());
    }

    @Test
    void asAnUnprivilegedUserChromiumRunsInItsSandboxAndThePageLoads() throws Exception {
        Observed o = probe().get("auto");
        assertEquals("loaded", o.fields.get("title"), o.toString());
        assertTrue(o.cmdline.contains("--provtid-host="), "the host's own browser: " + o.cmdline);
        assertFalse(o.cmdline.contains("--no-sandbox"), o.cmdline);
        assertEquals("0", o.fields.get("fallbacks"));
        assertEquals("0", o.fields.get("warnings"), "nothing to warn about");
        if (ChromiumSandbox.runningAsRoot()) { // only root may read the namespaces of a sandboxed process
            assertEquals("65534", o.uid, "the browser runs as nobody");
            assertTrue(o.sandboxedChildren > 0, "renderers run in a user namespace of their own: " + o);
        }
    }

    @Test
    void asAnUnprivilegedUserAFailedSandboxedLaunchFallsBackInAutoWithAWarningAndACount() throws Exception {
        Observed o = probe().get("auto," + BREAKS_SANDBOX);
        assertEquals("loaded", o.fields.get("title"), o.toString());
        assertTrue(o.cmdline.contains("--no-sandbox"), o.cmdline);
        assertEquals("1", o.fields.get("fallbacks"), o.toString());
        assertEquals("1", o.fields.get("warnings"), o.toString());
    }

    @Test
    void asAnUnprivilegedUserARequiredSandboxNeverFallsBack() throws Exception {
        Observed o = probe().get("required," + BREAKS_SANDBOX);
        assertEquals("BrowserGoneException", o.fields.get("failed"), o.toString());
        assertEquals("0", o.fields.get("fallbacks"), o.toString());
    }

    // ---- the probe, run once for the three unprivileged tests ----

    /** What one scenario of the probe reported, and what /proc showed of its browser meanwhile. */
    private record Observed(Map<String, String> fields, String cmdline, String uid, long sandboxedChildren) {
    }

    private static Map<String, Observed> probed;
    private static Throwable probeFailed;

    /** The probe's findings; it runs once (a JVM, a Playwright driver and three browsers cost a busy machine time). */
    private static synchronized Map<String, Observed> probe() throws Exception {
        if (probed == null && probeFailed == null) {
            try {
                probed = runProbe(List.of("auto", "auto," + BREAKS_SANDBOX, "required," + BREAKS_SANDBOX));
            } catch (Exception | AssertionError e) {
                probeFailed = e;
            }
        }
        if (probeFailed != null) {
            throw new AssertionError("the probe failed", probeFailed);
        }
        return probed;
    }

    private static Map<String, Observed> runProbe(List<String> scenarios) throws Exception {
        List<String> asUser = unprivileged();
        Path dir = Files.createTempDirectory("provtid-sandbox-test-");
        Process p = null;
        try {
            String classPath = readableClassPath(dir);
            String tmp = writable(dir.resolve("tmp")); // the JVM's, Playwright's and Chromium's: gone with dir
            List<String> cmd = new ArrayList<>(asUser);
            cmd.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "-XX:-UsePerfData",
                    "-Djava.io.tmpdir=" + tmp,
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-cp", classPath, SandboxProbe.class.getName()));
            cmd.addAll(scenarios);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("HOME", writable(dir.resolve("home")));
            pb.environment().put("TMPDIR", tmp);
            pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            p = pb.start();
            BlockingQueue<String> lines = lines(p);
            Map<String, Observed> out = new HashMap<>();
            try (Writer next = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                for (String scenario : scenarios) {
                    String line = next(lines, p);
                    assertNotNull(line, "the probe ended or said nothing within " + PROBE_STEP + " for " + scenario);
                    Map<String, String> fields = fields(line);
                    assertEquals(scenario, fields.get("scenario"), line);
                    long pid = Long.parseLong(fields.getOrDefault("pid", "-1"));
                    out.put(scenario, new Observed(fields, cmdline(pid), uid(pid), sandboxedChildren(pid)));
                    next.write("next\n");
                    next.flush();
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ends");
            assertEquals(0, p.exitValue(), "the probe's exit code");
            return out;
        } finally {
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            deleteTree(dir);
        }
    }

    /** The command prefix that runs the probe as an unprivileged user: none when this process is not root. */
    private static List<String> unprivileged() {
        if (!ChromiumSandbox.runningAsRoot()) {
            return List.of();
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, "setpriv"))) {
                return List.of(dir + "/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
            }
            if (Files.isExecutable(Path.of(dir, "runuser"))) {
                return List.of(dir + "/runuser", "-u", "nobody", "--");
            }
        }
        return abort("running as root and neither setpriv nor runuser is installed: no way to start the browser as"
                + " an unprivileged user");
    }

    /** The test class path, linked (or copied) where user nobody can read it: ~/.m2 of root is not. */
    private static String readableClassPath(Path dir) throws IOException {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = cp.resolve(i++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                copyTree(from, to);
            } else {
                try {
                    Files.createLink(to, from);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(from, to);
                }
            }
            entries.add(to.toString());
        }
        openUp(dir);
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Makes the probe's directories readable and enterable by anyone (the temp directory starts private). */
    private static void openUp(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(f) && !Files.isSymbolicLink(f)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static String writable(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir.toString();
    }

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith("PROBE ")) { // the probe's own log lines go by
                        lines.add(l);
                    }
                }
            } catch (IOException e) {
                // The probe ended: the test fails on the missing line.
            }
        });
        return lines;
    }

    /** The probe's next line, or null when it ended (or stalled) first. */
    private static String next(BlockingQueue<String> lines, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + PROBE_STEP.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                return line;
            }
            if (!p.isAlive()) {
                return lines.poll(2, TimeUnit.SECONDS); // whatever it printed before it ended
            }
        }
        return null;
    }

    /** {@code PROBE <scenario> k=v k=v} as a map, with the scenario under "scenario". */
    private static Map<String, String> fields(String line) {
        String[] words = line.split(" ");
        Map<String, String> out = new HashMap<>(Map.of("scenario", words[1]));
        for (int i = 2; i < words.length; i++) {
            String[] kv = words[i].split("=", 2);
            out.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return out;
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The process's effective user id, from /proc. */
    private static String uid(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("Uid:")).map(l -> l.split("\\s+")[2]).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** Descendants of the browser that live in a user namespace other than the browser's: the sandboxed ones. */
    private static long sandboxedChildren(long browserPid) {
        Optional<String> own = userNamespace(browserPid);
        if (browserPid <= 0 || own.isEmpty()) {
            return 0;
        }
        return ProcessHandle.of(browserPid).stream().flatMap(ProcessHandle::descendants)
                .map(d -> userNamespace(d.pid())).filter(ns -> ns.isPresent() && !ns.equals(own)).count();
    }

    private static Optional<String> userNamespace(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "user")).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
