package se.provtid.browser;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The engines Playwright drives, and how each is launched here. */
public enum BrowserEngine {
    chromium, firefox, webkit;

    /** Debian's Chromium: the only engine installed on the machines this is built on. */
    static final String DEBIAN_CHROMIUM = "/usr/bin/chromium";

    BrowserType type(Playwright playwright) {
        return switch (this) {
            case chromium -> playwright.chromium();
            case firefox -> playwright.firefox();
            case webkit -> playwright.webkit();
        };
    }

    /**
     * Launch arguments. Chromium also gets a marker switch (it ignores switches it does not know), so the
     * host can find its browser process in /proc: Playwright for Java exposes no pid.
     */
    List<String> args(String marker, List<String> extra) {
        if (this != chromium) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--provtid-host=" + marker));
        args.addAll(extra);
        return args;
    }

    /** Parses an engine name from the settings, case-insensitively. */
    public static BrowserEngine parse(String name) {
        return valueOf(name.trim().toLowerCase(Locale.ROOT));
    }
}
