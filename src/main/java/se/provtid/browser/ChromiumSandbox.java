package se.provtid.browser;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig.Browser.Sandbox;

/**
 * Whether a fleet's Chromium runs in its sandbox, which confines a renderer that a hostile page took over. On, except
 * as root (Chromium refuses the sandbox to root) or when turned off; without it after a failed sandboxed launch only
 * in {@code auto}, and then loudly: a WARN and {@code provtid.browser.sandbox.fallbacks}.
 */
final class ChromiumSandbox {

    private static final Logger LOG = Logger.getLogger(ChromiumSandbox.class);
    static final String FALLBACKS = "provtid.browser.sandbox.fallbacks";

    private final Sandbox mode;
    private final boolean root;
    private final MeterRegistry metrics;
    /** Running without the sandbox by design is said once per fleet (per process), not at every launch. */
    private final AtomicBoolean said = new AtomicBoolean();

    ChromiumSandbox(Sandbox mode, boolean root, MeterRegistry metrics) {
        this.mode = mode;
        this.root = root;
        this.metrics = metrics;
    }

    /** Whether to launch in the sandbox; the first time it is not (or cannot work), says why. */
    boolean wanted() {
        boolean wanted = switch (mode) {
            case off -> false;
            case required -> true;
            case auto -> !root;
        };
        if ((!wanted || root) && said.compareAndSet(false, true)) {
            LOG.warn(switch (mode) {
                case off -> "BROWSER_SANDBOX=off: Chromium runs without its sandbox";
                case required -> "BROWSER_SANDBOX=required, but this process runs as root, where Chromium refuses its"
                        + " sandbox: no browser will start. Run as a non-root user";
                case auto -> "running as root: Chromium runs without its sandbox (it refuses the sandbox to root)."
                        + " Run as a non-root user to have it";
            });
        }
        return wanted;
    }

    /** Whether a launch that failed in the sandbox may be tried again without it. */
    boolean mayFallBack() {
        return mode == Sandbox.auto;
    }

    /** A host runs its browser without the sandbox because a sandboxed launch failed. */
    void fellBack(String hostId, RuntimeException why) {
        LOG.warnf("browser host %s: Chromium did not start in its sandbox (%s), so it runs without it"
                + " (BROWSER_SANDBOX=auto; set it to required to refuse instead)", hostId, why.getClass().getSimpleName());
        Counter.builder(FALLBACKS).tag("engine", BrowserEngine.chromium.name())
                .description("Browsers started without their sandbox because a sandboxed launch failed")
                .register(metrics).increment();
    }

    /** Whether this process runs as root (effective uid 0), the one user Chromium will not sandbox. */
    static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // real, effective, saved, filesystem
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall back to the user's name.
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
