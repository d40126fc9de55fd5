package se.provtid.browser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;

/**
 * How a host's contexts present themselves: the browser's own user agent and client hints, minus the one
 * word "Headless". Chromium's new headless mode already reports ordinary brands, platform and versions; only
 * the user-agent string says "HeadlessChrome". Overriding the string alone (Playwright's {@code userAgent}
 * option, or {@code --user-agent}) empties the high-entropy hints (architecture, full versions), which a site
 * can spot; so for Chromium the string and the hints the browser reported are set together through CDP.
 */
final class Fingerprint {

    /** What a Swedish desktop browser sends. */
    static final String ACCEPT_LANGUAGE = "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7";
    private static final String PROBE_URL = "https://probe.provtid.invalid/";
    private static final String PROBE_SCRIPT = "async () => JSON.stringify({ua: navigator.userAgent,"
            + " hints: navigator.userAgentData ? await navigator.userAgentData.getHighEntropyValues(['architecture',"
            + " 'bitness', 'fullVersionList', 'model', 'platformVersion', 'uaFullVersion', 'wow64']) : null})";

    private final String userAgent;
    private final JsonObject metadata;

    private Fingerprint(String userAgent, JsonObject metadata) {
        this.userAgent = userAgent;
        this.metadata = metadata;
    }

    /** Asks the browser itself (on a secure origin, served from memory) what it reports. Runs on the host thread. */
    static Fingerprint probe(Browser browser, BrowserEngine engine) {
        BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setAcceptDownloads(false));
        try {
            Page page = ctx.newPage();
            // User-agent hints exist only in secure contexts; an https origin answered by a route needs no network.
            page.route(PROBE_URL, (Route r) -> r.fulfill(new Route.FulfillOptions().setContentType("text/html")
                    .setBody("<!doctype html><title>probe</title>")));
            page.navigate(PROBE_URL);
            JsonObject found = JsonParser.parseString((String) page.evaluate(PROBE_SCRIPT)).getAsJsonObject();
            String ua = found.get("ua").getAsString().replace("HeadlessChrome/", "Chrome/");
            JsonElement hints = found.get("hints");
            if (engine != BrowserEngine.chromium || hints == null || hints.isJsonNull()) {
                return new Fingerprint(ua, null);
            }
            return new Fingerprint(ua, metadata(hints.getAsJsonObject()));
        } finally {
            ctx.close();
        }
    }

    /** The CDP {@code Emulation.UserAgentMetadata} for what the browser reported. */
    private static JsonObject metadata(JsonObject h) {
        JsonObject m = new JsonObject();
        m.add("brands", brands(h.get("brands")));
        m.add("fullVersionList", brands(h.get("fullVersionList")));
        m.addProperty("fullVersion", string(h, "uaFullVersion"));
        m.addProperty("platform", string(h, "platform"));
        m.addProperty("platformVersion", string(h, "platformVersion"));
        m.addProperty("architecture", string(h, "architecture"));
        m.addProperty("model", string(h, "model"));
        m.addProperty("mobile", h.has("mobile") && h.get("mobile").getAsBoolean());
        m.addProperty("bitness", string(h, "bitness"));
        m.addProperty("wow64", h.has("wow64") && h.get("wow64").getAsBoolean());
        return m;
    }

    private static JsonArray brands(JsonElement list) {
        JsonArray out = new JsonArray();
        if (list != null && list.isJsonArray()) {
            for (JsonElement b : list.getAsJsonArray()) {
                JsonObject o = new JsonObject();
                String brand = b.getAsJsonObject().get("brand").getAsString();
                o.addProperty("brand", brand.equals("HeadlessChrome") ? "Chromium" : brand);
                o.addProperty("version", b.getAsJsonObject().get("version").getAsString());
                out.add(o);
            }
        }
        return out;
    }

    private static String string(JsonObject h, String name) {
        JsonElement e = h.get(name);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    String userAgent() {
        return userAgent;
    }

    /** Applies string and hints to a new page of the context (Chromium); other engines need nothing more. */
    void apply(BrowserContext context, Page page) {
        if (metadata == null) {
            return;
        }
        CDPSession cdp = context.newCDPSession(page);
        JsonObject params = new JsonObject();
        params.addProperty("userAgent", userAgent);
        params.addProperty("acceptLanguage", ACCEPT_LANGUAGE);
        params.addProperty("platform", "Linux x86_64");
        params.add("userAgentMetadata", metadata);
        // The override lives as long as this CDP session: keep it attached (it goes with the page).
        cdp.send("Emulation.setUserAgentOverride", params);
    }
}
