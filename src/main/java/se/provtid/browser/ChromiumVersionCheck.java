package se.provtid.browser;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import se.provtid.config.ProvtidConfig;

/**
 * Says at start which Chromium a worker will drive, and warns when its major version is outside the range this build
 * was tested with: Debian's Chromium moves with Debian's security updates, not with Provtid's releases.
 */
@Singleton
public class ChromiumVersionCheck {

    private static final Logger LOG = Logger.getLogger(ChromiumVersionCheck.class);
    private static final long VERSION_TIMEOUT_SECONDS = 20;

    private final ProvtidConfig config;
    private final ChromiumMajors tested;

    public ChromiumVersionCheck(ProvtidConfig config) {
        this.config = config;
        this.tested = ChromiumMajors.parse(config.browser().chromiumTestedMajors()); // a bad value stops the start
    }

    void onStart(@Observes StartupEvent ev) {
        Optional<Path> chromium = executable();
        if (!config.role().runsWorker() || chromium.isEmpty()) {
            return; // no browser here, or Playwright's own build (whose version Playwright pins)
        }
        // Off the startup thread: the version costs one short process, and nothing waits for it.
        Thread.ofVirtual().name("chromium-version").start(() -> report(chromium.get()));
    }

    /** The Chromium a worker launches, if Chromium is an engine and an executable is set or Debian's is present. */
    private Optional<Path> executable() {
        boolean chromiumUsed = config.browser().engines().stream()
                .anyMatch(e -> e.trim().equalsIgnoreCase(BrowserEngine.chromium.name()));
        if (!chromiumUsed) {
            return Optional.empty();
        }
        return config.browser().chromiumPath().filter(p -> !p.isBlank()).or(() -> Optional.of(BrowserEngine.DEBIAN_CHROMIUM))
                .map(Path::of).filter(Files::isExecutable);
    }

    private void report(Path chromium) {
        Optional<String> version = read(chromium);
        LOG.info(message(chromium, version, tested));
        version.filter(v -> !tested.contains(v)).ifPresent(v -> LOG.warn(warning(v, tested)));
    }

    /** The INFO line: which Chromium, which version, and the tested range. */
    static String message(Path chromium, Optional<String> version, ChromiumMajors tested) {
        return version.map(v -> "Chromium " + v + " at " + chromium + " (tested majors: " + tested + ")")
                .orElse("Chromium at " + chromium + ": its version could not be read (tested majors: " + tested + ")");
    }

    /** The WARN line for a version outside the tested range. */
    static String warning(String version, ChromiumMajors tested) {
        return "Chromium " + version + " is outside the major versions this build was tested with (" + tested
                + "): bookings may break on it. Test it (bin/test, bin/container-test) and widen"
                + " BROWSER_CHROMIUM_TESTED_MAJORS, or pin the chromium package";
    }

    /** Runs `chromium --version`; empty when it fails (the first launch will tell more). */
    static Optional<String> read(Path chromium) {
        try {
            Process p = new ProcessBuilder(List.of(chromium.toString(), "--version")).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return ChromiumMajors.version(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
