package se.provtid.browser;

import java.util.Optional;

/** What a host needs to launch a browser. */
public record BrowserSettings(boolean headless, Optional<String> chromiumPath) {
}
