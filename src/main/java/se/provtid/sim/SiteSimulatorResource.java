package se.provtid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import se.provtid.bankid.AnimatedQr;
import se.provtid.sim.SimState.Order;
import se.provtid.sim.SimState.Session;
import se.provtid.sim.SimState.SlotState;

/** The simulated booking site's JSON endpoints: {@code POST /Boka/<name>}, answering in the site's envelope. */
@Path("/")
@RunOnVirtualThread
public class SiteSimulatorResource {

    static final String SESSION_COOKIE = "ASP.NET_SessionId";
    private static final int MAX_BUNDLES = 30;
    private static final int MAX_NEARBY = 3;
    private static final Set<String> HOUSEKEEPING = Set.of("check-authentication-status-qr",
            "is-authorizied", "is-system-updating", "begin-authentication", "sign-out");

    private final SimState state;
    private final ObjectMapper json;

    public SiteSimulatorResource(SimState state, ObjectMapper json) {
        this.state = state;
        this.json = json;
    }

    @POST
    @Path("Boka/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response call(@PathParam("name") String name, @CookieParam(SESSION_COOKIE) String sessionId, String body,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        return handle(name, sessionId, body, uri, headers);
    }

    @POST
    @Path("boka/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response callLowerCase(@PathParam("name") String name, @CookieParam(SESSION_COOKIE) String sessionId,
            String body, @Context UriInfo uri, @Context HttpHeaders headers) {
        return handle(name, sessionId, body, uri, headers);
    }

    private Response handle(String name, String sessionId, String body, UriInfo uri, HttpHeaders headers) {
        state.requested(name);
        boolean consent = headers.getCookies().containsKey(SimPageResource.CONSENT_COOKIE);
        if (!AppCallCheck.fromTheApp(headers.getHeaderString("X-Requested-With"), headers.getHeaderString("Referer"),
                uri.getRequestUri())) {
            // Not the app's own call: the site answers with its page, "HTML where JSON was expected".
            state.called(state.known(sessionId), name, consent);
            return SimPageResource.page().build();
        }
        SimScenario scenario = state.scenario();
        // The app's own housekeeping polls (login status, session checks) are not what gets bots blocked.
        int refused = HOUSEKEEPING.contains(name) ? 0 : state.admit();
        if (refused != 0) {
            state.called(state.known(sessionId), name, consent);
            // The real site answers a block with an empty body.
            return Response.status(refused).build();
        }
        delay(name, scenario);
        Session session = state.session(sessionId);
        state.called(session, name, consent);
        if (Boolean.TRUE.equals(scenario.requireRenderedApp()) && name.equals("begin-authentication")
                && !state.renderedApp(session)) {
            // A site that wants the rendered app: a client that never ran its script gets the page, not an order.
            Response.ResponseBuilder page = SimPageResource.page();
            if (!session.id.equals(sessionId)) {
                page.header("Set-Cookie", SimPageResource.sessionCookie(session.id));
            }
            return page.build();
        }
        JsonNode in = parse(body);
        if (scenario.maintenance() && !name.equals("is-system-updating") && !name.equals("is-authorizied")) {
            return envelope(error(503, "Systemet uppdateras. Försök igen senare."), session, uri);
        }
        Envelope out = switch (name) {
            case "is-system-updating" -> ok(scenario.maintenance());
            case "is-authorizied" -> ok(state.loggedIn(session) != null);
            case "sign-out" -> {
                state.signOut(session);
                yield ok(null);
            }
            case "begin-authentication" -> beginAuthentication(session);
            case "check-authentication-status-qr" -> checkStatus(session, in);
            case "licence-information" -> loggedIn(session, p -> ok(licences()));
            case "search-information" -> loggedIn(session, p -> ok(searchInformation(in)));
            case "booking-hindrances" -> loggedIn(session, p -> ok(hindrances(scenario)));
            case "occasion-bundles" -> loggedIn(session, p -> scenario.noSlots()
                    ? ok(Map.of("bundles", List.of(), "searchedMonths", 0)) : occasionBundles(in));
            case "create-reservation" -> loggedIn(session, p -> createReservation(p, in));
            case "get-active-reservations" -> loggedIn(session, p -> ok(activeReservations(p)));
            case "get-reservation-time" -> loggedIn(session, p -> ok(reservationSecondsLeft(p)));
            case "reservation-information" -> loggedIn(session, p -> ok(reservationInformation(p)));
            case "invoice-payment" -> loggedIn(session, p -> invoicePayment(p, scenario));
            case "summary" -> loggedIn(session, p -> summary(p, in));
            case "examinations-to-cancel" -> loggedIn(session, p -> ok(bookedExams(p)));
            case "confirm-cancel" -> loggedIn(session, p -> confirmCancel(p, in));
            default -> null;
        };
        if (out == null) {
            return Response.status(404).type(MediaType.TEXT_HTML).entity("<html><body>Sidan finns inte</body></html>")
                    .build();
        }
        return envelope(out, session, uri);
    }

    private Response envelope(Envelope out, Session session, UriInfo uri) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", out.data);
        envelope.put("status", out.status);
        envelope.put("url", uri.getRequestUri().toString());
        Response.ResponseBuilder r = Response.ok(envelope).cookie(
                cookie(SESSION_COOKIE, session.id),
                cookie("FpsExternalIdentity", UUID.randomUUID().toString()),
                cookie("FpsPartnerDeviceIdentifier", "sim-" + session.id.substring(0, 8)));
        String person = state.loggedIn(session);
        if (person != null) {
            r.cookie(cookie("LoginValid", LocalDateTime.now(SimState.ZONE)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
        }
        return r.build();
    }

    private record Envelope(Object data, int status) {
    }

    private static Envelope ok(Object data) {
        return new Envelope(data, 200);
    }

    private static Envelope error(int status, String message) {
        return new Envelope(Map.of("message", message, "success", false), status);
    }

    private Envelope loggedIn(Session s, Function<String, Envelope> then) {
        String person = state.loggedIn(s);
        return person == null ? error(401, "Du måste vara inloggad.") : then.apply(person);
    }

    private Envelope beginAuthentication(Session s) {
        Order o = state.beginAuthentication(s);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("referenceId", o.referenceId);
        d.put("autostartToken", o.autostartToken);
        d.put("qrStartToken", o.qrStartToken);
        d.put("qrStartSecret", o.qrStartSecret);
        d.put("qrStartTime", o.qrStartTime);
        d.put("qrCode", currentQr(o));
        return ok(d);
    }

    private Envelope checkStatus(Session s, JsonNode in) {
        Order o = state.order(text(in, "referenceId"));
        if (o == null || !o.sessionId.equals(s.id)) {
            return error(400, "Ogiltig inloggningsbegäran.");
        }
        boolean done = state.collect(o);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("qrCode", currentQr(o));
        d.put("collectionStatus", done ? "Completed" : "Pending");
        d.put("loginStatus", done ? state.orderPerson(o) : null);
        return ok(d);
    }

    private String currentQr(Order o) {
        long seconds = AnimatedQr.elapsedSeconds(o.qrStartTime, state.clock().millis());
        return AnimatedQr.payload(o.qrStartToken, o.qrStartSecret, seconds);
    }

    private static List<Map<String, Object>> licences() {
        List<Map<String, Object>> out = new ArrayList<>();
        SimCatalog.LICENCES.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.add(Map.of("licenceId", e.getValue(), "name", e.getKey())));
        return out;
    }

    private Map<String, Object> searchInformation(JsonNode in) {
        int licenceId = in.path("bookingSession").path("licenceId").asInt(5);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("locations", SimCatalog.LOCATIONS);
        d.put("examinationTypes", SimCatalog.examTypes(licenceId));
        d.put("vehicleTypes", List.of(Map.of("id", SimCatalog.MANUAL, "name", "Manuell bil"),
                Map.of("id", SimCatalog.AUTOMATIC, "name", "Automatbil")));
        d.put("languages", List.of(Map.of("id", SimCatalog.SWEDISH, "name", "Svenska")));
        d.put("timeIntervals", List.of());
        d.put("enableNearbyLocations", true);
        d.put("maxNearbyLocations", MAX_NEARBY);
        d.put("maxSearchPeriodInMonths", 6);
        d.put("hindranceMessage", null);
        return d;
    }

    private Envelope occasionBundles(JsonNode in) {
        JsonNode q = in.path("occasionBundleQuery");
        List<Long> locations = new ArrayList<>();
        locations.add(q.path("locationId").asLong());
        JsonNode nearby = q.path("nearbyLocationIds");
        // The real site drops extra nearby ids silently.
        for (int i = 0; i < Math.min(MAX_NEARBY, nearby.size()); i++) {
            locations.add(nearby.get(i).asLong());
        }
        LocalDate from;
        try {
            String start = q.path("startDate").asText("");
            from = start.isEmpty() ? LocalDate.now(SimState.ZONE) : LocalDate.parse(start.substring(0, 10));
        } catch (RuntimeException e) {
            return error(400, "Ogiltigt datum.");
        }
        LocalDate today = LocalDate.now(SimState.ZONE);
        if (from.isBefore(today)) {
            from = today;
        }
        int months = Math.max(1, q.path("searchedMonths").asInt(0) + 1);
        List<SlotState> found = state.search(locations, q.path("examinationTypeId").asInt(),
                q.path("vehicleTypeId").asInt(SimCatalog.MANUAL), from, from.plusMonths(months), MAX_BUNDLES);
        List<Map<String, Object>> bundles = found.stream()
                .map(s -> Map.<String, Object>of("cost", s.cost, "occasions", List.of(occasion(s)))).toList();
        return ok(Map.of("bundles", bundles, "searchedMonths", months - 1));
    }

    static Map<String, Object> occasion(SlotState s) {
        SimCatalog.Location loc = SimCatalog.location(s.locationId);
        boolean driving = SimCatalog.isDrivingTest(s.examinationTypeId);
        String start = s.date + "T" + s.time;
        String end = s.date + "T" + s.time.plusMinutes(driving ? 45 : 50);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("examinationId", s.examinationId);
        o.put("examinationCategory", driving ? 3 : 1);
        o.put("duration", Map.of("start", start, "end", end));
        o.put("examinationTypeId", s.examinationTypeId);
        o.put("locationId", s.locationId);
        o.put("locationName", loc.name());
        o.put("vehicleTypeId", s.vehicleTypeId);
        o.put("languageId", SimCatalog.SWEDISH);
        o.put("name", driving ? "Körprov B" : "Kunskapsprov B");
        o.put("date", s.date.toString());
        o.put("time", s.time.toString());
        o.put("cost", Integer.toString(s.cost));
        o.put("costText", String.format("%,d kr", s.cost).replace(',', ' ').replace('\u00a0', ' '));
        o.put("increasedFee", false);
        o.put("isLateCancellation", s.lateCancellation);
        return o;
    }

    private Envelope createReservation(String person, JsonNode in) {
        JsonNode occasions = in.path("occasionBundle").path("occasions");
        if (!occasions.isArray() || occasions.isEmpty()) {
            return error(400, "Ingen provtid vald.");
        }
        List<Map<String, Object>> held = new ArrayList<>();
        Instant expires = null;
        for (JsonNode o : occasions) {
            long examinationId = o.path("examinationId").asLong();
            expires = state.reserve(person, examinationId);
            if (expires == null) {
                return error(400, "Det verkar som att provtiden du valde inte var tillgänglig längre. Välj en annan tid.");
            }
            held.add(occasion(state.slot(examinationId)));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reservationExpires", expires.toString());
        d.put("bundleReservation", Map.of("occasions", held, "reservationExpires", expires.toString()));
        return ok(d);
    }

    private List<Map<String, Object>> activeReservations(String person) {
        return state.activeReservations(person).stream().map(s -> Map.<String, Object>of(
                "examinationId", s.examinationId, "reservationExpires", state.holdExpiry(s).toString(),
                "occasion", occasion(s))).toList();
    }

    private long reservationSecondsLeft(String person) {
        return state.activeReservations(person).stream()
                .mapToLong(s -> Math.max(0, state.holdExpiry(s).getEpochSecond() - state.clock().instant().getEpochSecond()))
                .min().orElse(0);
    }

    private Map<String, Object> reservationInformation(String person) {
        List<SlotState> held = state.activeReservations(person);
        return Map.of("totalCost", held.stream().mapToInt(s -> s.cost).sum(),
                "reservations", held.stream().map(SiteSimulatorResource::occasion).toList());
    }

    private Envelope invoicePayment(String person, SimScenario scenario) {
        SimState.Booking b = state.pay(person);
        if (b == null) {
            return error(400, "Det finns ingen reservation att betala.");
        }
        // Booked already; a slow answer is how "the site took the money but we never heard" happens.
        sleep(scenario.paymentDelayMs());
        return ok(Map.of("success", true, "bookingId", b.bookingId()));
    }

    private static Map<String, Object> hindrances(SimScenario scenario) {
        boolean hindered = scenario.hindrance() != null && !scenario.hindrance().isBlank();
        return Map.of("canBookLicence", !hindered,
                "hindranceMessages", hindered ? List.of(scenario.hindrance()) : List.of(),
                "hindranceIds", hindered ? List.of(7) : List.of());
    }

    private static void delay(String name, SimScenario scenario) {
        if (scenario.latencyMs() > 0 && (scenario.latencyEndpoints().isEmpty()
                || scenario.latencyEndpoints().contains(name))) {
            sleep(scenario.latencyMs());
        }
    }

    private static void sleep(int ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Envelope summary(String person, JsonNode in) {
        String bookingId = text(in, "bookingId");
        List<SimState.Booking> list = state.bookings(person, bookingId);
        if (list.isEmpty()) {
            return error(400, "Bokningen hittades inte.");
        }
        List<Map<String, Object>> exams = list.stream().map(b -> occasion(state.slot(b.examinationId()))).toList();
        return ok(Map.of("bookingId", list.getFirst().bookingId(), "paymentReference",
                list.getFirst().paymentReference(), "examinations", exams));
    }

    private List<Map<String, Object>> bookedExams(String person) {
        return state.bookings(person, null).stream().map(b -> {
            Map<String, Object> o = new LinkedHashMap<>(occasion(state.slot(b.examinationId())));
            o.put("bookingId", b.bookingId());
            return o;
        }).toList();
    }

    private Envelope confirmCancel(String person, JsonNode in) {
        return state.cancel(person, in.path("examinationId").asLong())
                ? ok(Map.of("success", true)) : error(400, "Provet kunde inte avbokas.");
    }

    private JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : json.readTree(body);
            return n == null ? json.nullNode() : n;
        } catch (IOException e) {
            return json.nullNode();
        }
    }

    private static String text(JsonNode in, String field) {
        JsonNode n = in.path(field);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static NewCookie cookie(String name, String value) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).build();
    }
}
