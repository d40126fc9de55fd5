package se.provtid.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletionException;

/**
 * One browser context's HTTP requests, sent from the caller's own thread rather than the host's: the context's
 * cookies for the URL are read on the host thread (a short call), the request goes out here, and the cookies it sets
 * go back into the context (another short call). A slow answer thus holds up only the job that asked.
 */
final class ContextHttp implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final BrowserHost host;
    private final BrowserContext context;
    private final String userAgent;
    /** Own connections per context, as a browser profile has: no two jobs' sessions share a connection. */
    private HttpClient client;

    ContextHttp(BrowserHost host, BrowserContext context, String userAgent) {
        this.host = host;
        this.context = context;
        this.userAgent = userAgent;
    }

    /** What came back: the HTTP status and the body as text. */
    record Answer(int status, String body) {
    }

    /** POSTs {@code body} to {@code url} with the context's cookies; stores the cookies the answer sets. */
    Answer post(String url, Map<String, String> headers, String body, Duration timeout) {
        return send(url, headers, HttpRequest.BodyPublishers.ofString(body), "POST", "*/*", timeout);
    }

    /** GETs {@code url} as a browser's plain load of a page would (no scripts run, nothing else fetched). */
    Answer get(String url, Map<String, String> headers, Duration timeout) {
        return send(url, headers, HttpRequest.BodyPublishers.noBody(), "GET",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", timeout);
    }

    private Answer send(String url, Map<String, String> headers, HttpRequest.BodyPublisher body, String method,
            String accept, Duration timeout) {
        URI uri = URI.create(url);
        List<Cookie> jar = host.call(() -> context.cookies(url));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body)
                .header("User-Agent", userAgent)
                .header("Accept", accept)
                .header("Accept-Language", Fingerprint.ACCEPT_LANGUAGE);
        headers.forEach(req::header);
        if (!jar.isEmpty()) {
            StringJoiner cookie = new StringJoiner("; ");
            jar.forEach(c -> cookie.add(c.name + "=" + c.value));
            req.header("Cookie", cookie.toString());
        }
        HttpResponse<String> r;
        try {
            r = client().send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ContextHttpException(true, "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            // Our words only: an I/O message may name the request.
            throw new ContextHttpException(false, "the request could not be sent (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContextHttpException(true, "interrupted");
        } catch (CompletionException | IllegalStateException e) {
            // The context closed (its job ended, the worker stops) while the request was under way (a cancellation
            // is an IllegalStateException too).
            throw new ContextHttpException(false, "the request was cancelled (" + e.getClass().getSimpleName() + ")");
        }
        List<String> set = r.headers().allValues("set-cookie");
        if (!set.isEmpty()) {
            store(uri, set);
        }
        return new Answer(r.statusCode(), r.body());
    }

    /** Puts the cookies an answer set into the context (expired ones removed), as the browser would. */
    private void store(URI uri, List<String> setCookies) {
        List<Cookie> add = new ArrayList<>();
        List<Cookie> remove = new ArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        for (String header : setCookies) {
            Cookie c = parse(uri, header, now);
            if (c == null) {
                continue;
            }
            (c.expires != null && c.expires >= 0 && c.expires <= now ? remove : add).add(c);
        }
        host.call(() -> {
            for (Cookie c : remove) {
                context.clearCookies(new BrowserContext.ClearCookiesOptions().setName(c.name).setDomain(c.domain)
                        .setPath(c.path));
            }
            if (!add.isEmpty()) {
                context.addCookies(add);
            }
            return null;
        });
    }

    /** One Set-Cookie header as the context's cookie (RFC 6265 defaults for domain and path); null if malformed. */
    static Cookie parse(URI uri, String header, long nowSeconds) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return null;
        }
        Cookie c = new Cookie(parts[0].substring(0, eq).trim(), parts[0].substring(eq + 1).trim());
        String domain = uri.getHost(); // host-only unless the cookie names a domain
        String path = defaultPath(uri.getRawPath());
        Double expires = null;
        Double maxAge = null;
        for (int i = 1; i < parts.length; i++) {
            String a = parts[i].trim();
            int ae = a.indexOf('=');
            String name = (ae < 0 ? a : a.substring(0, ae)).trim().toLowerCase(Locale.ROOT);
            String value = ae < 0 ? "" : a.substring(ae + 1).trim();
            switch (name) {
                case "domain" -> {
                    if (!value.isEmpty()) {
                        domain = "." + (value.startsWith(".") ? value.substring(1) : value).toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> {
                    if (value.startsWith("/")) {
                        path = value;
                    }
                }
                case "max-age" -> {
                    try {
                        maxAge = (double) (nowSeconds + Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        // ignored, as browsers do
                    }
                }
                case "expires" -> {
                    try {
                        expires = (double) ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toEpochSecond();
                    } catch (DateTimeParseException e) {
                        // ignored, as browsers do
                    }
                }
                case "secure" -> c.setSecure(true);
                case "httponly" -> c.setHttpOnly(true);
                case "samesite" -> c.setSameSite(switch (value.toLowerCase(Locale.ROOT)) {
                    case "strict" -> SameSiteAttribute.STRICT;
                    case "none" -> SameSiteAttribute.NONE;
                    default -> SameSiteAttribute.LAX;
                });
                default -> {
                }
            }
        }
        c.setDomain(domain).setPath(path);
        Double at = maxAge != null ? maxAge : expires; // Max-Age wins over Expires
        if (at != null) {
            c.setExpires(at);
        }
        return c;
    }

    /** RFC 6265's default-path: the request path up to (not including) its last slash, or "/". */
    static String defaultPath(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            return "/";
        }
        int last = requestPath.lastIndexOf('/');
        return last <= 0 ? "/" : requestPath.substring(0, last);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(CONNECT_TIMEOUT).build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.shutdownNow();
            client = null;
        }
    }
}
