package se.provtid.browser;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A range of Chromium major versions (BROWSER_CHROMIUM_TESTED_MAJORS: "150-160" or "156"), and reading a major. */
public record ChromiumMajors(int low, int high) {

    private static final Pattern RANGE = Pattern.compile("\\s*(\\d{1,4})\\s*(?:-\\s*(\\d{1,4})\\s*)?");
    /** The first dotted version in `chromium --version` ("Chromium 156.0.7500.1 built on Debian ...") or Playwright's. */
    private static final Pattern VERSION = Pattern.compile("(?<![\\d.])(\\d{2,4})\\.\\d+\\.\\d+(?:\\.\\d+)?");

    /** Parses the setting; says what a valid one looks like when it is not. */
    public static ChromiumMajors parse(String setting) {
        Matcher m = RANGE.matcher(setting == null ? "" : setting);
        if (!m.matches()) {
            throw new IllegalArgumentException("BROWSER_CHROMIUM_TESTED_MAJORS must be a major version or a range of"
                    + " them, such as 150-160");
        }
        int low = Integer.parseInt(m.group(1));
        int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
        if (high < low) {
            throw new IllegalArgumentException("BROWSER_CHROMIUM_TESTED_MAJORS runs backwards (" + low + "-" + high
                    + "): write the lower major first");
        }
        return new ChromiumMajors(low, high);
    }

    /** The version (e.g. 156.0.7500.1) in a browser's version text, if it names one. */
    public static Optional<String> version(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /** Whether a version's major lies in this range. */
    public boolean contains(String version) {
        int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        return major >= low && major <= high;
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
