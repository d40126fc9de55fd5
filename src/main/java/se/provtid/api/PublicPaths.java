package se.provtid.api;

import java.util.regex.Pattern;

/**
 * The only paths served without the API bearer token, matched against the raw request path: anything else,
 * including odd spellings of these ({@code //}, {@code /./}, {@code ..}, {@code %2F}, {@code ;}, other case),
 * needs the token. Probes and metrics are not here: they answer on the management port only.
 */
final class PublicPaths {

    /** A path segment that is not "." or "..", in characters URLs need no escaping for. */
    private static final String SEGMENT = "[A-Za-z0-9_~-][A-Za-z0-9._~-]*";
    private static final Pattern OPEN = Pattern.compile("/health");
    /** The simulated booking site and BankID app (only served at all where the simulator is on). */
    private static final Pattern SIMULATOR = Pattern.compile("/(?:Boka|boka|sim)(?:/" + SEGMENT + ")*/?");
    /**
     * The static pages (/app/ and /dashboard/, and /shared/ with the scripts both load; files one level deep):
     * HTML, CSS and JS only, holding no data; every API call they make carries the token like any other client's.
     */
    private static final Pattern PAGES = Pattern.compile("/(?:app|dashboard|shared)(?:/(?:" + SEGMENT + ")?)?");
    /** One job's event stream, which also takes that job's stream token. */
    private static final Pattern STREAM = Pattern.compile("/api/v1/booking/stream/([A-Za-z0-9_-]{1,64})");

    private PublicPaths() {
    }

    /** Whether the path is served to anyone. */
    static boolean open(String rawPath) {
        if (rawPath.startsWith("/api/")) {
            return false; // none of them is under /api (the stream takes a token): most calls skip the patterns
        }
        return OPEN.matcher(rawPath).matches() || SIMULATOR.matcher(rawPath).matches()
                || PAGES.matcher(rawPath).matches();
    }

    /** The job id when the path is a job's event stream, else null. */
    static String streamJob(String rawPath) {
        if (!rawPath.startsWith("/api/v1/booking/stream/")) {
            return null;
        }
        var m = STREAM.matcher(rawPath);
        return m.matches() ? m.group(1) : null;
    }
}
