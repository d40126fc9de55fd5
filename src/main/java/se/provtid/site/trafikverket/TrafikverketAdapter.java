package se.provtid.site.trafikverket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.job.VehicleType;
import se.provtid.queue.SitePacer;
import se.provtid.site.Booked;
import se.provtid.site.BookingSite;
import se.provtid.site.Catalog;
import se.provtid.site.ExamQuery;
import se.provtid.site.Hold;
import se.provtid.site.LoginFallbacks;
import se.provtid.site.LoginStatus;
import se.provtid.site.Occasion;
import se.provtid.site.PagelessLoginRefused;
import se.provtid.site.QrStart;
import se.provtid.site.SessionExpiredException;
import se.provtid.site.SiteException;
import se.provtid.site.SiteRequestMetrics;

/**
 * Trafikverket's "Boka prov" for one job: logs in (BankID QR) with the site's JSON calls as its app makes them, or
 * through the real page, then speaks the site's JSON protocol with the session's cookies. The only code that knows
 * the site's shapes, selectors and ids.
 */
public class TrafikverketAdapter implements BookingSite {

    /** The app polls the login status once a second (counted from the previous poll's start). */
    private static final Duration LOGIN_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Text the site uses when a slot went to someone else between search and reserve. */
    private static final String SLOT_GONE = "inte var tillgänglig längre";

    private final BrowserSession session;
    private final String base;
    /** The site's origin (scheme, host, port): the only one that may read the browser's position. */
    private final String origin;
    private final ObjectMapper json;
    private final TrafikverketCalls calls;
    private volatile String lastQrCode;
    private volatile String collectionStatus;
    private volatile String loginPerson;
    /** What the page's own is-system-updating said, until {@link #isSystemUpdating()} uses it; null: nothing new. */
    private volatile Boolean pageSaysUpdating;
    /** What is-authorizied said as the session was opened without a page, until a login starts; null: ask. */
    private volatile Boolean authorizedAtLoad;
    /** Whether the login goes without the page (the app's JSON calls only); false once it fell back, or by setting. */
    private volatile boolean pageless;
    /** Whether a login without the page that the site does not take falls back to the page (LOGIN_MODE=auto). */
    private final boolean mayFallBack;
    private final LoginFallbacks fallbacks;
    private final Duration timeout;
    /** Location id to {latitude, longitude}, as search-information lists them. */
    private final Map<Long, double[]> coordinates = new ConcurrentHashMap<>();
    /** The site's exam type id per licence and exam, as search-information named it. */
    private final Map<String, Integer> examTypeIds = new ConcurrentHashMap<>();

    TrafikverketAdapter(BrowserSession session, String base, ObjectMapper json, SitePacer pacer, Duration timeout,
            SiteRequestMetrics requests, LoginMode mode, LoginFallbacks fallbacks) {
        this.pageless = mode != LoginMode.page;
        this.mayFallBack = mode == LoginMode.auto;
        this.fallbacks = fallbacks;
        this.timeout = timeout;
        this.session = session;
        this.base = base;
        this.origin = origin(base);
        this.json = json;
        this.calls = new TrafikverketCalls(session, base, json, pacer, timeout, requests);
    }

    /**
     * Opens the site as its app does: without a page, a plain load of the app's page (its cookies), the consent the
     * banner would set, and the app's first two calls; else the app in a page, with the banner's button. Either way
     * starts watching the page's login polls (a page may come later: a fallback, LOGIN_WAIT=page).
     */
    void open() {
        // On the context, not the page: the page may be parked (closed) and opened again while the job runs.
        onContext("watching the login", ctx -> {
            ctx.onResponse(this::watch);
            return null;
        });
        if (!pageless) {
            reload();
            return;
        }
        try {
            loadWithoutPage();
        } catch (PagelessLoginRefused e) {
            fallBack(e);
        }
    }

    /**
     * What the app's page sets up before anyone clicks, without rendering it: the page's own load (the session
     * cookie comes with it; its scripts, styles and images are not fetched), the consent cookie of the banner's
     * "Godkänn nödvändiga", then is-system-updating and is-authorizied as the app asks them when it starts.
     */
    private void loadWithoutPage() {
        BrowserSession.HttpAnswer page = TrafikverketCalls.transport("the app's page",
                () -> session.get(base + Selectors.APP_PATH, Map.of(), timeout), timeout);
        if (page.status() == 403 || page.status() == 429) {
            throw new PagelessLoginRefused(page.status(), "refused", "the app's page");
        }
        if (page.status() != 200 || !page.body().toLowerCase(Locale.ROOT).contains("<html")) {
            throw new PagelessLoginRefused(page.status(), "unexpected", "the app's page");
        }
        String site = origin + "/";
        TrafikverketCalls.safely("setting the cookie consent", () -> {
            if (!session.hasCookie(site, Selectors.CONSENT_COOKIE)) {
                session.addCookie(site, Selectors.CONSENT_COOKIE, Selectors.CONSENT_NECESSARY);
            }
            return null;
        });
        pageSaysUpdating = housekeeping("is-system-updating").asBoolean(false);
        authorizedAtLoad = housekeeping("is-authorizied").asBoolean(false);
    }

    /** One of the app's own calls, made without its page: an answer the app would never get is a refusal. */
    private JsonNode housekeeping(String name) {
        try {
            return calls.unpaced(name, null);
        } catch (SessionExpiredException e) {
            throw new PagelessLoginRefused(200, "html", name);
        } catch (SiteException e) {
            if (e.isBlocked()) {
                throw new PagelessLoginRefused(e.status(), "refused", name);
            }
            throw e;
        }
    }

    /**
     * The site did not take this login without its page: with LOGIN_MODE=auto the login goes on through the page
     * (counted and logged), in this same context; otherwise the attempt fails with the refusal.
     */
    private void fallBack(PagelessLoginRefused e) {
        if (!mayFallBack) {
            throw e;
        }
        fallbacks.fellBack(e);
        pageless = false;
        authorizedAtLoad = null;
        reload();
    }

    @Override
    public String loginWay() {
        return pageless ? "lean" : "page";
    }

    @Override
    public void reload() {
        onPage("loading the app", page -> {
            page.navigate(base + Selectors.APP_PATH);
            Locator banner = page.locator(Selectors.COOKIE_ACCEPT);
            try {
                banner.waitFor(new Locator.WaitForOptions().setTimeout(1_500));
                banner.click();
            } catch (TimeoutError e) {
                // No banner: consent already given.
            }
            // The app shows its header (log in, or log out) once it has asked whether the site is updating and who
            // is logged in: until then neither the login state nor the page's own answers can be read.
            page.locator(Selectors.LOGIN_BUTTON + ", " + Selectors.LOGOUT_BUTTON).first().waitFor();
            return null;
        });
    }

    /** Without the page: what is-authorizied said as the site was opened (else now); with it, the page's header. */
    @Override
    public boolean isLoggedIn() {
        if (!pageless) {
            return onPage("reading the login state", page -> page.isVisible(Selectors.LOGOUT_BUTTON));
        }
        Boolean atLoad = authorizedAtLoad;
        if (atLoad != null) {
            return atLoad;
        }
        try {
            return calls.unpaced("is-authorizied", null).asBoolean(false);
        } catch (SessionExpiredException e) {
            return false; // a page where JSON was expected: no session
        }
    }

    /**
     * Starts a BankID order: without the page, begin-authentication as the app's "Mobilt BankID" button sends it;
     * with it, the login dialog's clicks, capturing the order's start values from the page's own call.
     */
    @Override
    public QrStart beginLogin() {
        if (pageless) {
            try {
                return beginWithoutPage();
            } catch (PagelessLoginRefused e) {
                fallBack(e);
            }
        }
        return beginOnPage();
    }

    /** begin-authentication from the context; every start value must be there, or the login needs the page. */
    private QrStart beginWithoutPage() {
        authorizedAtLoad = null;
        JsonNode d = housekeeping("begin-authentication");
        for (String field : List.of("referenceId", "qrStartToken", "qrStartSecret")) {
            if (d.path(field).asText("").isBlank()) {
                throw new PagelessLoginRefused(200, "missing_value", "begin-authentication");
            }
        }
        if (!d.path("qrStartTime").canConvertToLong()) {
            throw new PagelessLoginRefused(200, "missing_value", "begin-authentication");
        }
        collectionStatus = null;
        loginPerson = null;
        return start(d);
    }

    private QrStart beginOnPage() {
        String text = onPage("starting the BankID login", page -> {
            page.click(Selectors.LOGIN_BUTTON);
            page.click(Selectors.CONTINUE);
            Response r = page.waitForResponse(res -> res.url().contains("/begin-authentication"),
                    () -> page.click(Selectors.MOBILE_BANKID));
            return r.text();
        });
        collectionStatus = null;
        loginPerson = null;
        return start(calls.data(text, "begin-authentication"));
    }

    private static QrStart start(JsonNode d) {
        return new QrStart(d.path("referenceId").asText(), d.path("autostartToken").asText(),
                d.path("qrStartToken").asText(), d.path("qrStartSecret").asText(), d.path("qrStartTime").asLong(),
                d.path("qrCode").asText(null));
    }

    @Override
    public String interceptedQrCode() {
        return lastQrCode;
    }

    /** From the poll's {@code collectionStatus}: "Completed", "Failed", else (null, "Pending") still pending. */
    @Override
    public LoginStatus loginStatus() {
        String status = collectionStatus;
        if ("Completed".equals(status)) {
            return LoginStatus.COMPLETED;
        }
        return "Failed".equals(status) ? LoginStatus.FAILED : LoginStatus.PENDING;
    }

    @Override
    public byte[] qrCanvasPng() {
        return onPage("reading the QR code", page -> page.locator(Selectors.QR_CANVAS).screenshot());
    }

    /** check-authentication-status-qr with the order's start values, from the context (its cookies), not the page. */
    @Override
    public LoginStatus pollLogin(QrStart start) {
        JsonNode d;
        try {
            d = calls.unpaced("check-authentication-status-qr", statusQuery(start)); // the page's polls are not paced
        } catch (SiteException e) {
            if (e.status() == 400) {
                // The site's answer for an order it no longer knows or that failed: what makes the app give up too.
                collectionStatus = "Failed";
                return LoginStatus.FAILED;
            }
            throw e;
        }
        record(d);
        return loginStatus();
    }

    @Override
    public Duration loginPollInterval() {
        return LOGIN_POLL_INTERVAL;
    }

    /** From the page's poll, else by asking the site. */
    @Override
    public String personalNumber(QrStart start) {
        if (loginPerson != null) {
            return loginPerson;
        }
        JsonNode d = calls.call("check-authentication-status-qr", statusQuery(start));
        String person = d.path("loginStatus").asText(null);
        if (person == null || person.isBlank()) {
            throw new SessionExpiredException("the site did not name the logged-in person");
        }
        return person;
    }

    /**
     * sign-out, the call the app's "Logga ut" button makes. Not paced: it is one housekeeping call per job, which must
     * not wait out a fleet-wide pause while the session stays open.
     */
    @Override
    public void signOut() {
        try {
            calls.unpaced("sign-out", null);
        } catch (SessionExpiredException e) {
            // Signed out already (forced logout): nothing left to end.
        }
    }

    @Override
    public String storageState() {
        return TrafikverketCalls.safely("saving the session", session::storageState);
    }

    /** The body of check-authentication-status-qr: the order's start values, as the app sends them. */
    private ObjectNode statusQuery(QrStart start) {
        return json.createObjectNode().put("referenceId", start.referenceId())
                .put("qrStartToken", start.qrStartToken()).put("qrStartTime", start.qrStartTime())
                .put("qrStartSecret", start.qrStartSecret());
    }

    /** What a login poll's data says: the current code, the order's state, the person once completed. */
    private void record(JsonNode d) {
        lastQrCode = d.path("qrCode").asText(null);
        collectionStatus = d.path("collectionStatus").asText(null);
        String person = d.path("loginStatus").asText(null);
        if ("Completed".equals(collectionStatus) && person != null && !person.isBlank()) {
            loginPerson = person;
        }
    }

    /** The page's own calls this adapter learns from: its login polls, and whether the site is updating. */
    private void watch(Response r) {
        String url = r.url();
        boolean loginPoll = url.contains("/check-authentication-status-qr");
        if (!loginPoll && !url.contains("/is-system-updating")) {
            return;
        }
        try {
            JsonNode env = json.readTree(r.text());
            if (env.path("status").asInt() != 200) {
                return; // an error answer (maintenance, a hiccup) says nothing: the next call will
            }
            if (loginPoll) {
                record(env.path("data"));
            } else {
                pageSaysUpdating = env.path("data").asBoolean(false);
            }
        } catch (IOException | RuntimeException e) {
            // An answer we cannot read changes nothing; the next one will tell.
        }
    }

    /**
     * The page's own answer when it gave one since this adapter last asked (the app asks as it loads), else the
     * site's, through the fleet's pace: a login that just loaded the app costs the site no second request, and a
     * burst of logins does not queue behind the pace.
     */
    @Override
    public boolean isSystemUpdating() {
        Boolean seen = pageSaysUpdating;
        if (seen != null) {
            pageSaysUpdating = null; // once: the next check (say, after waiting out an update) asks again
            return seen;
        }
        return calls.call("is-system-updating", null).asBoolean(false);
    }

    /** search-information: the locations by name, and the exam type whose name starts with the exam's label. */
    @Override
    public Catalog catalog(ExamQuery exam) {
        JsonNode d = calls.call("search-information", json.createObjectNode()
                .set("bookingSession", bookingSession(exam.person(), licenceId(exam), 0)));
        Map<String, Long> locations = new LinkedHashMap<>();
        for (JsonNode l : d.path("locations")) {
            JsonNode loc = l.has("location") ? l.path("location") : l;
            locations.put(loc.path("name").asText(), loc.path("id").asLong());
            if (loc.path("latitude").isNumber() && loc.path("longitude").isNumber()) {
                coordinates.put(loc.path("id").asLong(), new double[] {loc.path("latitude").asDouble(),
                        loc.path("longitude").asDouble()});
            }
        }
        String label = exam.examType().label().toLowerCase(Locale.ROOT);
        Integer examTypeId = null;
        for (JsonNode t : d.path("examinationTypes")) {
            if (t.path("name").asText().toLowerCase(Locale.ROOT).startsWith(label)) {
                examTypeId = t.path("id").asInt();
            }
        }
        if (examTypeId == null) {
            examTypeIds.remove(examKey(exam));
        } else {
            examTypeIds.put(examKey(exam), examTypeId);
        }
        return new Catalog(locations, examTypeId != null);
    }

    /**
     * Lets the browser report a position a few kilometres from the location (someone who lives nearby), when
     * search-information gave its coordinates; otherwise the browser keeps reporting none, as one that was never
     * allowed to.
     */
    @Override
    public void locateNear(long locationId) {
        double[] at = coordinates.get(locationId);
        if (at != null) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            double latitude = at[0] + random.nextDouble(-0.02, 0.02);
            double longitude = at[1] + random.nextDouble(-0.03, 0.03);
            TrafikverketCalls.safely("setting the position", () -> {
                session.locate(latitude, longitude, origin);
                return null;
            });
        }
    }

    @Override
    public String bookingHindrance(ExamQuery exam) {
        JsonNode d = calls.call("booking-hindrances", json.createObjectNode()
                .set("bookingSession", bookingSession(exam)));
        if (d.path("canBookLicence").asBoolean(true)) {
            return null;
        }
        List<String> messages = new ArrayList<>();
        d.path("hindranceMessages").forEach(m -> messages.add(m.asText()));
        return messages.isEmpty() ? "The site does not allow booking this licence." : String.join(" ", messages);
    }

    /** occasion-bundles: the first location plus up to three as nearby ones. */
    @Override
    public List<Occasion> search(ExamQuery exam, List<Long> locationIds, LocalDate from) {
        int examTypeId = examTypeId(exam);
        ObjectNode query = json.createObjectNode();
        query.put("startDate", from.toString());
        query.put("searchedMonths", 0);
        query.put("locationId", locationIds.getFirst());
        ArrayNode nearby = query.putArray("nearbyLocationIds");
        locationIds.stream().skip(1).limit(3).forEach(nearby::add);
        query.put("languageId", TrafikverketIds.LANGUAGE_SWEDISH);
        query.put("vehicleTypeId", exam.vehicle() == VehicleType.automatic ? TrafikverketIds.VEHICLE_AUTOMATIC
                : TrafikverketIds.VEHICLE_MANUAL);
        query.put("tachographTypeId", 1);
        query.put("occasionChoiceId", 1);
        query.put("examinationTypeId", examTypeId);
        ObjectNode body = json.createObjectNode();
        body.set("bookingSession", bookingSession(exam.person(), licenceId(exam), examTypeId));
        body.set("occasionBundleQuery", query);
        JsonNode d = calls.backgroundCall("occasion-bundles", body);
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

    /** get-active-reservations. */
    @Override
    public List<Hold> holds() {
        List<Hold> out = new ArrayList<>();
        for (JsonNode r : calls.call("get-active-reservations", null)) {
            JsonNode o = r.path("occasion");
            out.add(new Hold(occasion(o.isMissingNode() ? r : o, null), r.path("reservationExpires").asText()));
        }
        return out;
    }

    /** create-reservation with the occasion's bundle, verbatim. */
    @Override
    public String reserve(ExamQuery exam, Occasion occasion) {
        ObjectNode body = json.createObjectNode();
        body.set("bookingSession", bookingSession(exam));
        body.set("occasionBundle", occasion.offer());
        try {
            return calls.call("create-reservation", body).path("reservationExpires").asText();
        } catch (SiteException e) {
            if (e.getMessage() != null && e.getMessage().contains(SLOT_GONE)) {
                return null;
            }
            throw e;
        }
    }

    /** invoice-payment ("Betala senare"). */
    @Override
    public String pay(ExamQuery exam) {
        ObjectNode body = json.createObjectNode();
        body.set("bookingSession", bookingSession(exam));
        body.putNull("bundleReservation");
        JsonNode d = calls.call("invoice-payment", body);
        if (!d.path("success").asBoolean(false)) {
            throw new SiteException(200, "the site did not accept the invoice payment");
        }
        return d.path("bookingId").asText();
    }

    /** The payment reference from the booking's summary. */
    @Override
    public String confirmationNumber(ExamQuery exam, String bookingId) {
        ObjectNode body = json.createObjectNode().put("socialSecurityNumber", exam.person())
                .put("bookingId", bookingId).put("licenceId", licenceId(exam));
        return calls.call("summary", body).path("paymentReference").asText(bookingId);
    }

    /** examinations-to-cancel, with their booking ids. */
    @Override
    public List<Booked> bookedExams() {
        List<Booked> out = new ArrayList<>();
        for (JsonNode e : calls.call("examinations-to-cancel", null)) {
            out.add(new Booked(occasion(e, null), e.path("bookingId").asText()));
        }
        return out;
    }

    /** {@code https://host[:port]} of a base URL, without its path. */
    static String origin(String base) {
        URI u = URI.create(base);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static Occasion occasion(JsonNode o, JsonNode bundle) {
        return new Occasion(o.path("examinationId").asLong(), o.path("locationId").asLong(),
                o.path("locationName").asText(), LocalDate.parse(o.path("date").asText().substring(0, 10)),
                o.path("time").asText(), o.path("costText").asText(o.path("cost").asText()), bundle);
    }

    private static int licenceId(ExamQuery exam) {
        Integer id = TrafikverketIds.LICENCES.get(exam.licence());
        if (id == null) {
            throw new IllegalArgumentException("no such licence: " + exam.licence());
        }
        return id;
    }

    /** The site's id of the exam, as the last search-information named it (asked again if none was read yet). */
    private int examTypeId(ExamQuery exam) {
        Integer id = examTypeIds.get(examKey(exam));
        if (id == null && catalog(exam).offersExam()) {
            id = examTypeIds.get(examKey(exam));
        }
        if (id == null) {
            throw new SiteException(200, "the site offers no " + exam.examType().label() + " for licence "
                    + exam.licence());
        }
        return id;
    }

    private static String examKey(ExamQuery exam) {
        return exam.licence() + "/" + exam.examType();
    }

    private ObjectNode bookingSession(ExamQuery exam) {
        return bookingSession(exam.person(), licenceId(exam), examTypeId(exam));
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

    private <T> T onPage(String what, Function<Page, T> work) {
        return TrafikverketCalls.safely(what, () -> session.onPage(work));
    }

    private <T> T onContext(String what, Function<BrowserContext, T> work) {
        return TrafikverketCalls.safely(what, () -> session.onContext(work));
    }
}
