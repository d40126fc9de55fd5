package se.provtid.sim;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Whether a {@code POST /Boka/<name>} looks like the app's own call: the headers the real site's app sends. */
final class AppCallCheck {

    static final String APP_PATH = "/Boka/ng/";

    private AppCallCheck() {
    }

    /**
     * True when the call says {@code X-Requested-With: XMLHttpRequest} and its Referer is a page of the app on the
     * call's own origin; the site answers anything else with its HTML page, as a route outside the app's API would.
     */
    static boolean fromTheApp(String requestedWith, String referer, URI request) {
        if (!"XMLHttpRequest".equals(requestedWith) || referer == null) {
            return false;
        }
        URI from;
        try {
            from = new URI(referer);
        } catch (URISyntaxException e) {
            return false;
        }
        return from.getScheme() != null && from.getHost() != null
                && from.getScheme().equalsIgnoreCase(request.getScheme())
                && from.getHost().equalsIgnoreCase(request.getHost())
                && port(from) == port(request)
                && from.getRawPath() != null && from.getRawPath().startsWith(APP_PATH);
    }

    /** The port, with the scheme's default filled in: http://h/ and http://h:80/ are one origin. */
    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return switch (u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }
}
