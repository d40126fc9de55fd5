package se.provtid.browser;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a host needs to launch a browser: the engines to try in order, each with an optional executable. */
public record BrowserSettings(boolean headless, List<Engine> engines, Duration callTimeout, Duration actionTimeout,
        List<String> chromiumArgs) {

    /** One engine to try and its executable (empty lets Playwright choose its own build). */
    public record Engine(BrowserEngine engine, Optional<String> executablePath) {
    }
}
