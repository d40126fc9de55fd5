package se.provtid.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A test's own headless Chromium, standing in for a person's browser (the apt one when installed, as in CI). */
public final class TestChromium {

    private TestChromium() {
    }

    /** A Playwright driver that never downloads browsers (CI installs Chromium from apt). */
    public static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Launches headless Chromium from {@code /usr/bin/chromium} when it is there, else Playwright's own. */
    public static Browser launch(Playwright playwright) {
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true)
                .setArgs(List.of("--disable-gpu", "--disable-background-networking", "--no-first-run"));
        if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            options.setExecutablePath(Path.of("/usr/bin/chromium"));
        }
        return playwright.chromium().launch(options);
    }
}
