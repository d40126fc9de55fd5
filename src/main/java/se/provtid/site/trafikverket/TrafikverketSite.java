package se.provtid.site.trafikverket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import se.provtid.browser.BrowserSession;
import se.provtid.queue.SitePacer;

/**
 * The Trafikverket adapter for one job: logs in through the real page (BankID QR), then speaks the
 * site's JSON protocol with the page's own cookies. The only code that knows the site's shapes.
 */
public class TrafikverketSite {

    /** Text the site uses when a slot went to someone else between search and reserve. */
    private static final String SLOT_GONE = "inte var tillgänglig längre";
    private static final String NOT_LOGGED_IN = "Du måste vara inloggad";

    private final BrowserSession session;
    private final String base;
    private final ObjectMapper json;
    private final SitePacer pacer;
    private final java.time.Duration timeout;
    private volatile String lastQrCode;
    private volatile String collectionStatus;
    private volatile String loginPerson;
    /** Location id to {latitude, longitude}, as search-information lists them. */
    private final Map<Long, double[]> coordinates = new java.util.concurrent.ConcurrentHashMap<>();

    TrafikverketSite(BrowserSession session, String base, ObjectMapper json, SitePacer pacer,
            java.time.Duration timeout) {
        this.session = session;
        this.base = base;
        this.json = json;
        this.pacer = pacer;
        this.timeout = timeout;
    }

    /** Loads the app, accepts necessary cookies and starts watching the page's login polls. */
    public void open() {
        // On the context, not the page: the page may be parked (closed) and opened again while the job runs.
        onContext("watching the login", ctx -> {
            ctx.onResponse(this::watchLoginPoll);
            return null;
        });
        reload();
    }

    /** (Re)loads the app, so that it shows the site's current view of the session. */
    public void reload() {
        onPage("loading the app", page -> {
            page.navigate(base + Selectors.APP_PATH);
            var banner = page.locator(Selectors.COOKIE_ACCEPT);
            try {
                banner.waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(1_500));
                banner.click();
            } catch (com.microsoft.playwright.TimeoutError e) {
                // No banner: consent already given.
            }
            return null;
        });
    }

    /** Whether the page shows the person as logged in. */
    public boolean isLoggedIn() {
        return onPage("reading the login state", page -> page.isVisible(Selectors.LOGOUT_BUTTON));
    }

    /** Opens the login dialog, picks Mobilt BankID and captures the order's start values from the page's own call. */
    public QrStart beginLogin() {
        String text = onPage("starting the BankID login", page -> {
            page.click(Selectors.LOGIN_BUTTON);
            page.click(Selectors.CONTINUE);
            Response r = page.waitForResponse(res -> res.url().contains("/begin-authentication"),
                    () -> page.click(Selectors.MOBILE_BANKID));
            return r.text();
        });
        collectionStatus = null;
        loginPerson = null;
        JsonNode d = data(text, "begin-authentication");
        return new QrStart(d.path("referenceId").asText(), d.path("autostartToken").asText(),
                d.path("qrStartToken").asText(), d.path("qrStartSecret").asText(), d.path("qrStartTime").asLong(),
                d.path("qrCode").asText(null));
    }

    /** The qrCode of the page's latest status poll (the second QR source), or null. */
    public String interceptedQrCode() {
        return lastQrCode;
    }

    /** "Completed" once the person approved, "Failed" when the order failed, else null or "Pending". */
    public String collectionStatus() {
        return collectionStatus;
    }

    /** The person's personal number once logged in: from the page's poll, else by asking the site. */
    public String personalNumber(QrStart start) {
        if (loginPerson != null) {
            return loginPerson;
        }
        ObjectNode body = json.createObjectNode().put("referenceId", start.referenceId())
                .put("qrStartToken", start.qrStartToken()).put("qrStartTime", start.qrStartTime())
                .put("qrStartSecret", start.qrStartSecret());
        JsonNode d = call("check-authentication-status-qr", body);
        String person = d.path("loginStatus").asText(null);
        if (person == null || person.isBlank()) {
            throw new SessionExpiredException("the site did not name the logged-in person");
        }
        return person;
    }

    private void watchLoginPoll(Response r) {
        if (!r.url().contains("/check-authentication-status-qr")) {
            return;
        }
        try {
            JsonNode env = json.readTree(r.text());
            JsonNode d = env.path("data");
            if (env.path("status").asInt() == 200) {
                lastQrCode = d.path("qrCode").asText(null);
                collectionStatus = d.path("collectionStatus").asText(null);
                String person = d.path("loginStatus").asText(null);
                if ("Completed".equals(collectionStatus) && person != null && !person.isBlank()) {
                    loginPerson = person;
                }
            }
            // An error answer (maintenance, a hiccup) says nothing about the BankID order: the next poll will.
        } catch (IOException | RuntimeException e) {
            // A poll we cannot read changes nothing; the next one will tell.
        }
    }

    /** Whether the site is down for maintenance. */
    public boolean isSystemUpdating() {
        return call("is-system-updating", null).asBoolean(false);
    }

    /** Locations (by name) and the exam type id for the licence and exam. */
    public SearchInfo searchInformation(String person, int licenceId, String examTypeName) {
        JsonNode d = call("search-information", json.createObjectNode()
                .set("bookingSession", bookingSession(person, licenceId, 0)));
        Map<String, Long> locations = new LinkedHashMap<>();
        for (JsonNode l : d.path("locations")) {
            JsonNode loc = l.has("location") ? l.path("location") : l;
            locations.put(loc.path("name").asText(), loc.path("id").asLong());
            if (loc.path("latitude").isNumber() && loc.path("longitude").isNumber()) {
                coordinates.put(loc.path("id").asLong(), new double[] {loc.path("latitude").asDouble(),
                        loc.path("longitude").asDouble()});
            }
        }
        Integer examTypeId = null;
        for (JsonNode t : d.path("examinationTypes")) {
            if (t.path("name").asText().toLowerCase(Locale.ROOT).startsWith(examTypeName.toLowerCase(Locale.ROOT))) {
                examTypeId = t.path("id").asInt();
            }
        }
        return new SearchInfo(locations, examTypeId);
    }

    /**
     * Lets the browser report a position a few kilometres from the location (someone who lives nearby), when
     * search-information gave its coordinates; otherwise the browser keeps reporting none, as one that was never
     * allowed to.
     */
    public void locateNear(long locationId) {
        double[] at = coordinates.get(locationId);
        if (at != null) {
            var random = java.util.concurrent.ThreadLocalRandom.current();
            double latitude = at[0] + random.nextDouble(-0.02, 0.02);
            double longitude = at[1] + random.nextDouble(-0.03, 0.03);
            safely("setting the position", () -> {
                session.locate(latitude, longitude);
                return null;
            });
        }
    }

    /** Whether the site lets the person book this licence; the hindrance text when not. */
    public String bookingHindrance(String person, int licenceId, int examTypeId) {
        JsonNode d = call("booking-hindrances", json.createObjectNode()
                .set("bookingSession", bookingSession(person, licenceId, examTypeId)));
        if (d.path("canBookLicence").asBoolean(true)) {
            return null;
        }
        List<String> messages = new ArrayList<>();
        d.path("hindranceMessages").forEach(m -> messages.add(m.asText()));
        return messages.isEmpty() ? "The site does not allow booking this licence." : String.join(" ", messages);
    }

    /** Free occasions at one location plus up to three nearby ones, from {@code from}. */
    public List<Occasion> search(String person, int licenceId, int examTypeId, int vehicleTypeId,
            List<Long> locationIds, LocalDate from) {
        ObjectNode query = json.createObjectNode();
        query.put("startDate", from.toString());
        query.put("searchedMonths", 0);
        query.put("locationId", locationIds.getFirst());
        ArrayNode nearby = query.putArray("nearbyLocationIds");
        locationIds.stream().skip(1).limit(3).forEach(nearby::add);
        query.put("languageId", TrafikverketIds.LANGUAGE_SWEDISH);
        query.put("vehicleTypeId", vehicleTypeId);
        query.put("tachographTypeId", 1);
        query.put("occasionChoiceId", 1);
        query.put("examinationTypeId", examTypeId);
        ObjectNode body = json.createObjectNode();
        body.set("bookingSession", bookingSession(person, licenceId, examTypeId));
        body.set("occasionBundleQuery", query);
        JsonNode d = call("occasion-bundles", body);
        List<Occasion> out = new ArrayList<>();
        for (JsonNode bundle : d.path("bundles")) {
            JsonNode o = bundle.path("occasions").path(0);
            if (o.isMissingNode()) {
                continue;
            }
            out.add(occasion(o, bundle));
        }
        return out;
    }

    /** The person's current holds, as occasions, with the hold's expiry (ISO) as cost-free extra. */
    public List<Hold> activeReservations() {
        List<Hold> out = new ArrayList<>();
        for (JsonNode r : call("get-active-reservations", null)) {
            JsonNode o = r.path("occasion");
            out.add(new Hold(occasion(o.isMissingNode() ? r : o, null), r.path("reservationExpires").asText()));
        }
        return out;
    }

    /** A slot the person holds and until when. */
    public record Hold(Occasion occasion, String expires) {
    }

    /** Holds the occasion; returns the hold's expiry, or null when someone else took the slot first. */
    public String reserve(String person, int licenceId, int examTypeId, Occasion occasion) {
        ObjectNode body = json.createObjectNode();
        body.set("bookingSession", bookingSession(person, licenceId, examTypeId));
        body.set("occasionBundle", occasion.bundle());
        try {
            return call("create-reservation", body).path("reservationExpires").asText();
        } catch (SiteException e) {
            if (e.getMessage() != null && e.getMessage().contains(SLOT_GONE)) {
                return null;
            }
            throw e;
        }
    }

    /** Pays the held reservations by invoice ("Betala senare"); returns the booking id. Never call blindly twice. */
    public String payByInvoice(String person, int licenceId, int examTypeId) {
        ObjectNode body = json.createObjectNode();
        body.set("bookingSession", bookingSession(person, licenceId, examTypeId));
        body.putNull("bundleReservation");
        JsonNode d = call("invoice-payment", body);
        if (!d.path("success").asBoolean(false)) {
            throw new SiteException(200, "the site did not accept the invoice payment");
        }
        return d.path("bookingId").asText();
    }

    /** The booking's summary: payment reference and the booked exam. */
    public JsonNode summary(String person, String bookingId, int licenceId) {
        ObjectNode body = json.createObjectNode().put("socialSecurityNumber", person).put("bookingId", bookingId)
                .put("licenceId", licenceId);
        return call("summary", body);
    }

    /** The person's booked exams (as listed for cancellation), with their booking ids. */
    public List<Booked> bookedExams() {
        List<Booked> out = new ArrayList<>();
        for (JsonNode e : call("examinations-to-cancel", null)) {
            out.add(new Booked(occasion(e, null), e.path("bookingId").asText()));
        }
        return out;
    }

    /** An exam the person has booked. */
    public record Booked(Occasion occasion, String bookingId) {
    }

    private static Occasion occasion(JsonNode o, JsonNode bundle) {
        return new Occasion(o.path("examinationId").asLong(), o.path("locationId").asLong(),
                o.path("locationName").asText(), LocalDate.parse(o.path("date").asText().substring(0, 10)),
                o.path("time").asText(), o.path("costText").asText(o.path("cost").asText()), bundle);
    }

    private ObjectNode bookingSession(String person, int licenceId, int examTypeId) {
        ObjectNode s = json.createObjectNode();
        s.put("socialSecurityNumber", person);
        s.put("licenceId", licenceId);
        s.put("bookingModeId", 0);
        s.put("ignoreDebt", false);
        s.put("ignoreBookingHindrance", false);
        s.put("examinationTypeId", examTypeId);
        s.putArray("excludeExaminationCategories");
        s.put("rescheduleTypeId", 0);
        s.put("paymentIsActive", false);
        s.putNull("paymentReference");
        s.putNull("paymentUrl");
        s.put("searchedMonths", 0);
        return s;
    }

    /** POSTs to {@code /Boka/<name>} with the page's cookies and headers; returns {@code data} of a 200 envelope. */
    private JsonNode call(String name, JsonNode body) {
        String payload = body == null ? "null" : body.toString();
        try {
            pacer.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException(SiteException.NO_ANSWER, "interrupted while waiting for the fleet's pace");
        }
        String[] result;
        try {
            result = session.onContext(ctx -> {
                APIResponse r = ctx.request().post(base + "/Boka/" + name, RequestOptions.create()
                        .setHeader("Content-Type", "application/json")
                        .setHeader("X-Requested-With", "XMLHttpRequest")
                        .setHeader("Referer", base + Selectors.APP_PATH)
                        .setTimeout(timeout.toMillis())
                        .setData(payload));
                return new String[] {Integer.toString(r.status()), r.text()};
            });
        } catch (PlaywrightException e) {
            // Never pass Playwright's message on: its call log lists the request's headers, session cookies included.
            if (e instanceof com.microsoft.playwright.TimeoutError
                    || (e.getMessage() != null && e.getMessage().contains("Timeout"))) {
                throw new SiteException(SiteException.NO_ANSWER, name + " timed out after " + timeout.toSeconds() + " s");
            }
            throw new SiteException(SiteException.BROWSER_ERROR, name + " failed (browser error)");
        }
        int http = Integer.parseInt(result[0]);
        if (http == 403 || http == 429) {
            throw new SiteException(http, "the site refused the request (HTTP " + http + ")");
        }
        if (http >= 400) {
            throw new SiteException(http, name + " answered HTTP " + http);
        }
        return data(result[1], name);
    }

    private <T> T onPage(String what, Function<Page, T> work) {
        return safely(what, () -> session.onPage(work));
    }

    private <T> T onContext(String what, Function<BrowserContext, T> work) {
        return safely(what, () -> session.onContext(work));
    }

    /**
     * Runs a browser step, turning a Playwright failure into a {@link SiteException} with our own text: Playwright's
     * messages may carry the page's requests with their headers (cookies), which must never reach a log or a job.
     */
    private static <T> T safely(String what, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (PlaywrightException e) {
            throw new SiteException(SiteException.BROWSER_ERROR, what + " failed (browser error)");
        }
    }

    private JsonNode data(String text, String name) {
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
            throw new SiteException(status, message.isEmpty() ? name + " answered status " + status : message);
        }
        return env.path("data");
    }
}
