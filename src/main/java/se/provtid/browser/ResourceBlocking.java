package se.provtid.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import java.util.regex.Pattern;

/**
 * What a login page does not need and a context therefore never fetches: images, fonts, media (by their file
 * names) and analytics and tag managers (by their hosts). Routed by pattern, so every other request goes straight
 * through without a round trip to this process.
 */
final class ResourceBlocking {

    /** Image, font and media files, with or without a query string. */
    private static final String FILES = "\\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot|mp4|webm|ogg|mp3|wav|m4a)";
    /** Analytics, tag managers and session recorders a public site commonly embeds. */
    private static final String HOSTS = "(google-analytics\\.com|googletagmanager\\.com|doubleclick\\.net"
            + "|siteimprove(analytics)?\\.(com|net|io)|hotjar\\.(com|io)|matomo\\.cloud|facebook\\.net"
            + "|clarity\\.ms|newrelic\\.com|nr-data\\.net|piwik\\.pro)";
    static final Pattern BLOCKED = Pattern.compile("^[a-z]+://[^/?#]*" + HOSTS + "(?:[:/?#].*)?$"
            + "|^[^?#]*" + FILES + "(?:[?#].*)?$", Pattern.CASE_INSENSITIVE);

    private ResourceBlocking() {
    }

    /** Makes the context abort blocked requests (as a failed load, like an ad blocker does). */
    static void apply(BrowserContext context) {
        context.route(BLOCKED, ResourceBlocking::abort);
    }

    /**
     * Aborts one blocked request. Playwright for Java runs route handlers on the host thread inside whatever call
     * that thread is waiting on, so an exception from a handler would come out of that call, which may be another
     * job's. A request whose page or context closed meanwhile has nothing left to abort: that is ignored.
     */
    static void abort(Route route) {
        try {
            route.abort();
        } catch (PlaywrightException e) {
            // The page or context closed meanwhile: the request is gone with it.
        }
    }
}
