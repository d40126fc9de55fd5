package se.provtid.site.trafikverket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.PlaywrightException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import se.provtid.browser.BrowserSession;
import se.provtid.browser.ContextHttpException;
import se.provtid.queue.SitePacer;
import se.provtid.site.SessionExpiredException;
import se.provtid.site.SiteException;
import se.provtid.site.SiteRequestMetrics;

/**
 * The site's JSON calls for one job: {@code POST /Boka/<name>} with the context's cookies and the app's headers,
 * paced for the whole fleet, unwrapped from the site's envelope. Failures come out as site exceptions with our text.
 */
final class TrafikverketCalls {

    private static final String NOT_LOGGED_IN = "Du måste vara inloggad";

    private final BrowserSession session;
    private final String base;
    private final ObjectMapper json;
    private final SitePacer pacer;
    private final Duration timeout;
    private final SiteRequestMetrics requests;

    TrafikverketCalls(BrowserSession session, String base, ObjectMapper json, SitePacer pacer, Duration timeout,
            SiteRequestMetrics requests) {
        this.requests = requests;
        this.session = session;
        this.base = base;
        this.json = json;
        this.pacer = pacer;
        this.timeout = timeout;
    }

    /** POSTs to {@code /Boka/<name>} ({@code body} null sends the text {@code null}); {@code data} of a 200 envelope. */
    JsonNode call(String name, JsonNode body) {
        return paced(name, body, false);
    }

    /**
     * Like {@link #call}, behind every other call in the fleet's pace: for searches, which the fleet's plan spreads
     * over the whole pace, so that a hold or a login's reads never wait behind them.
     */
    JsonNode backgroundCall(String name, JsonNode body) {
        return paced(name, body, true);
    }

    private JsonNode paced(String name, JsonNode body, boolean background) {
        try {
            if (background) {
                pacer.acquireBackground();
            } else {
                pacer.acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException(SiteException.NO_ANSWER, "interrupted while waiting for the fleet's pace");
        }
        return unpaced(name, body);
    }

    /** Like {@link #call}, without waiting for the fleet's pace: only for the rare calls that must not wait. */
    JsonNode unpaced(String name, JsonNode body) {
        try {
            JsonNode data = send(name, body);
            requests.count(name, SiteRequestMetrics.Outcome.ok);
            return data;
        } catch (SessionExpiredException e) {
            requests.count(name, SiteRequestMetrics.Outcome.session_expired);
            throw e;
        } catch (SiteException e) {
            requests.count(name, SiteRequestMetrics.outcomeOf(e));
            throw e;
        }
    }

    private JsonNode send(String name, JsonNode body) {
        String payload = body == null ? "null" : body.toString();
        // From this job's thread, not the browser host's: a slow answer holds up no other job of the host.
        BrowserSession.HttpAnswer answer = transport(name, () -> session.post(base + "/Boka/" + name, Map.of(
                "Content-Type", "application/json",
                "X-Requested-With", "XMLHttpRequest",
                "Referer", base + Selectors.APP_PATH), payload, timeout), timeout);
        String[] result = {Integer.toString(answer.status()), answer.body()};
        int http = Integer.parseInt(result[0]);
        if (http == 403 || http == 429) {
            throw new SiteException(http, "the site refused the request (HTTP " + http + ")");
        }
        if (http >= 400) {
            throw new SiteException(http, name + " answered HTTP " + http);
        }
        return data(result[1], name);
    }

    /** {@code data} of a 200 envelope; an HTML page, a 401 or "not logged in" mean the session ended. */
    JsonNode data(String text, String name) {
        JsonNode env;
        try {
            env = json.readTree(text);
        } catch (IOException e) {
            // An HTML page where JSON was expected is how the site says the session is gone.
            throw new SessionExpiredException(name + " answered with a page instead of JSON");
        }
        int status = env.path("status").asInt(0);
        String message = env.path("data").path("message").asText("");
        if (status == 401 || message.contains(NOT_LOGGED_IN)) {
            throw new SessionExpiredException(name + ": not logged in");
        }
        if (status != 200) {
            // The site's own text for people (or ours): safe to pass on.
            throw new SiteException(status, message.isEmpty() ? name + " answered status " + status : message);
        }
        return env.path("data");
    }

    /** Sends one request from the context; no answer comes out as a site exception with our own text. */
    static BrowserSession.HttpAnswer transport(String name, Supplier<BrowserSession.HttpAnswer> request,
            Duration timeout) {
        try {
            return request.get();
        } catch (ContextHttpException e) {
            if (e.timedOut()) {
                throw new SiteException(SiteException.NO_ANSWER, name + " timed out after " + timeout.toSeconds() + " s");
            }
            throw new SiteException(SiteException.BROWSER_ERROR, name + " failed (no connection)");
        } catch (PlaywrightException e) {
            // Never pass Playwright's message on: its call log lists the request's headers, session cookies included.
            throw new SiteException(SiteException.BROWSER_ERROR, name + " failed (browser error)");
        }
    }

    /**
     * Runs a browser step, turning a Playwright failure into a {@link SiteException} with our own text: Playwright's
     * messages may carry the page's requests with their headers (cookies), which must never reach a log or a job.
     */
    static <T> T safely(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (PlaywrightException e) {
            throw new SiteException(SiteException.BROWSER_ERROR, what + " failed (browser error)");
        }
    }
}
