package se.provtid.sim;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import se.provtid.config.ProvtidConfig;

/** Everything the simulated site remembers: sessions, BankID orders, slots, holds and bookings. Thread-safe. */
@Singleton
public class SimState {

    public static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final int FIRST_DAY = 2;
    private static final int LAST_DAY = 200;

    /** A bookable exam occasion and what has happened to it. */
    public static final class SlotState {
        public final long examinationId;
        public final long locationId;
        public final int examinationTypeId;
        public final int vehicleTypeId;
        public final LocalDate date;
        public final LocalTime time;
        public final int cost;
        String heldBy;
        Instant holdExpires;
        String bookingId;
        /** Freed by the market close to its date ({@code isLateCancellation}). */
        boolean lateCancellation;

        SlotState(long examinationId, long locationId, int examinationTypeId, int vehicleTypeId, LocalDate date,
                LocalTime time, int cost) {
            this.examinationId = examinationId;
            this.locationId = locationId;
            this.examinationTypeId = examinationTypeId;
            this.vehicleTypeId = vehicleTypeId;
            this.date = date;
            this.time = time;
            this.cost = cost;
        }

        boolean isHeld(Instant now) {
            return heldBy != null && holdExpires.isAfter(now);
        }
    }

    /** A browser session, known by its ASP.NET_SessionId cookie. */
    public static final class Session {
        public final String id;
        String personalNumber;
        Instant loginAt;
        Instant lastSeen;
        final SessionTraffic traffic = new SessionTraffic();
        /** Creation order. */
        final long seq;

        Session(String id, long seq) {
            this.id = id;
            this.seq = seq;
        }
    }

    /** A BankID order started by begin-authentication. */
    public static final class Order {
        public final String referenceId;
        public final String qrStartToken;
        public final String qrStartSecret;
        public final long qrStartTime;
        public final String autostartToken;
        public final String sessionId;
        String personalNumber;
        boolean completed;
        /** The site has seen the approval in a status poll (and logged the session in). */
        boolean collected;

        Order(String referenceId, String qrStartToken, String qrStartSecret, long qrStartTime, String autostartToken,
                String sessionId) {
            this.referenceId = referenceId;
            this.qrStartToken = qrStartToken;
            this.qrStartSecret = qrStartSecret;
            this.qrStartTime = qrStartTime;
            this.autostartToken = autostartToken;
            this.sessionId = sessionId;
        }
    }

    /** A paid (invoiced) booking. */
    public record Booking(String bookingId, String paymentReference, String personalNumber, long examinationId,
            Instant bookedAt) {
    }

    /** A person who signed out with the site's sign-out call (the forced logout is not one). */
    public record SignOut(String personalNumber, Instant at) {
    }

    /** Sign-outs remembered for tests and the demo; the oldest go first beyond this. */
    static final int MAX_SIGN_OUTS = 1000;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final ProvtidConfig config;
    /** Sessions held at most; beyond this the one seen longest ago goes (page loads without a cookie make one each). */
    static final int MAX_SESSIONS = 10_000;
    /** In access order, so the eldest entry is the session seen longest ago; listed in creation order (seq). */
    private final Map<String, Session> sessions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };
    /** Counts sessions up, for listing them oldest first. */
    private long sessionsMade;
    private final Map<String, Order> ordersByRef = new HashMap<>();
    private final Map<String, Order> ordersByToken = new HashMap<>();
    /** Orders by their autostartToken: what the BankID app on the same device is opened with. */
    private final Map<String, Order> ordersByAutostart = new HashMap<>();
    private final Map<Long, SlotState> slots = new LinkedHashMap<>();
    private final Map<String, Booking> bookings = new LinkedHashMap<>();
    private final ArrayDeque<SignOut> signOuts = new ArrayDeque<>();
    private long nextBookingNumber;
    private SimScenario scenario;
    private final ArrayDeque<Long> recentCalls = new ArrayDeque<>();
    private final SimMarket market = new SimMarket();
    private long forbiddenUntil;
    /** Requests per endpoint since the last reset: what the site's own logs would show of the clients' politeness. */
    private final Map<String, LongAdder> requests =
            new ConcurrentHashMap<>();

    public SimState(ProvtidConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        reset();
    }

    /** Counts one request to {@code /Boka/<name>}. */
    void requested(String name) {
        if (requests.size() >= 64 && !requests.containsKey(name)) {
            return; // made-up names (the site has about twenty) must not grow this without end
        }
        requests.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** Requests per endpoint since the last reset. */
    public Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((name, n) -> out.put(name, n.sum()));
        return out;
    }

    /** Back to the seeded state: no sessions, orders, holds or bookings; slots from today. */
    public synchronized void reset() {
        sessions.clear();
        ordersByRef.clear();
        ordersByToken.clear();
        ordersByAutostart.clear();
        slots.clear();
        bookings.clear();
        signOuts.clear();
        nextBookingNumber = 4_100_000;
        scenario = SimScenario.defaults((int) config.sim().sessionLifetime().toSeconds(),
                (int) config.sim().reservationHold().toSeconds());
        recentCalls.clear();
        forbiddenUntil = 0;
        requests.clear();
        market.clear();
        seedSlots(LocalDate.now(ZONE));
    }

    // ---- scenario knobs ----

    public synchronized SimScenario scenario() {
        return scenario;
    }

    /** Applies the patch (fields left out keep their values); turning the market on or off starts or ends it. */
    public synchronized SimScenario updateScenario(SimScenario patch) {
        var invalid = SimScenario.invalid(patch);
        if (invalid != null) {
            throw invalid;
        }
        Instant now = clock.instant();
        market.advance(now, slots); // what was due happens under the old knobs
        scenario = scenario.merge(patch);
        if (scenario.market() && !market.isOn()) {
            market.start(scenario, slots.values(), now);
        } else if (!scenario.market() && market.isOn()) {
            market.stop(slots.values());
        } else if (market.isOn()) {
            market.retune(scenario, now);
        }
        return scenario;
    }

    // ---- the market ----

    /** Every release of the market since the last reset, oldest first (at most {@link SimMarket#MAX_RELEASES}). */
    public synchronized <T> List<T> releases(java.util.function.Function<SimMarket.Release, T> view) {
        market.advance(clock.instant(), slots);
        return market.releases().stream().map(view).toList(); // read under the lock: releases change as slots go
    }

    /**
     * Frees one slot the market took at the place, about {@code daysAhead} days ahead, now: "someone cancelled".
     * Null when the market is off or has no such slot there.
     */
    public synchronized <T> T releaseNow(long locationId, int daysAhead, int examinationTypeId, int vehicleTypeId,
            java.util.function.Function<SimMarket.Release, T> view) {
        Instant now = clock.instant();
        market.advance(now, slots);
        SimMarket.Release r = market.releaseNow(locationId, daysAhead, examinationTypeId, vehicleTypeId, now, slots);
        return r == null ? null : view.apply(r);
    }

    /** The HTTP status a data call gets before any work (403 when blocked, 429 when rate limited), or 0. */
    public synchronized int admit() {
        long now = clock.millis();
        recentCalls.addLast(now);
        while (!recentCalls.isEmpty() && recentCalls.peekFirst() < now - 60_000) {
            recentCalls.removeFirst();
        }
        if (now < forbiddenUntil) {
            return 403;
        }
        if (recentCalls.size() > scenario.forbidAbovePerMinute()) {
            forbiddenUntil = now + scenario.forbidSeconds() * 1000L;
            recentCalls.clear(); // after the block the count starts again
            return 403;
        }
        if (scenario.rateLimitNext() > 0) {
            scenario = scenario.withRateLimitNext(scenario.rateLimitNext() - 1);
            return 429;
        }
        return 0;
    }

    /** Whether the next reservation must find its slot taken (and the slot is then given to someone else). */
    private boolean stealNext() {
        if (scenario.stealNextReservations() > 0) {
            scenario = scenario.withStealNext(scenario.stealNextReservations() - 1);
            return true;
        }
        return false;
    }

    private void seedSlots(LocalDate today) {
        long id = 80_000_000L;
        for (int li = 0; li < SimCatalog.LOCATIONS.size(); li++) {
            long loc = SimCatalog.LOCATIONS.get(li).id();
            for (int d = FIRST_DAY; d <= LAST_DAY; d++) {
                LocalDate day = today.plusDays(d);
                if ((d + li) % 3 == 0) {
                    add(new SlotState(++id, loc, 12, SimCatalog.MANUAL, day, LocalTime.of(8, 10), 1040));
                    add(new SlotState(++id, loc, 12, SimCatalog.AUTOMATIC, day, LocalTime.of(10, 30), 1040));
                    add(new SlotState(++id, loc, 12, SimCatalog.MANUAL, day, LocalTime.of(13, 45), 1040));
                }
                if ((d + li) % 2 == 0) {
                    add(new SlotState(++id, loc, 3, SimCatalog.MANUAL, day, LocalTime.of(9, 0), 325));
                }
                if ((d + li) % 4 == 0) {
                    add(new SlotState(++id, loc, 10, SimCatalog.MANUAL, day, LocalTime.of(11, 0), 1040));
                    add(new SlotState(++id, loc, 2, SimCatalog.MANUAL, day, LocalTime.of(9, 30), 325));
                }
            }
        }
    }

    private void add(SlotState s) {
        slots.put(s.examinationId, s);
    }

    // ---- sessions and BankID ----

    /** The session with this id, created when missing. */
    public synchronized Session session(String id) {
        if (id == null || !sessions.containsKey(id)) {
            String fresh = token(12);
            Session s = new Session(fresh, ++sessionsMade);
            s.lastSeen = clock.instant();
            sessions.put(fresh, s);
            return s;
        }
        Session s = sessions.get(id);
        s.lastSeen = clock.instant();
        return s;
    }

    /** The session with this id, or null when the simulator does not know it (nothing is created). */
    public synchronized Session known(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s != null) {
            s.lastSeen = clock.instant();
        }
        return s;
    }

    /** Counts a load of the app's page for the session. */
    synchronized void pageLoaded(Session s, boolean consent) {
        s.traffic.pageLoad(consent);
    }

    /** Counts a load of one of the app's assets for the session, when there is one. */
    synchronized void assetLoaded(Session s, String file, boolean consent) {
        if (s != null) {
            s.traffic.assetLoad(file, consent);
        }
    }

    /** Counts a {@code POST /Boka/<name>} for the session, when there is one. */
    synchronized void called(Session s, String name, boolean consent) {
        if (s != null) {
            s.traffic.call(name, consent);
        }
    }

    /** Whether the session fetched the app's script, as a page the browser rendered does. */
    synchronized boolean renderedApp(Session s) {
        return s.traffic.renderedApp();
    }

    /** Every session's traffic, oldest first; only the sessions {@code person} logged in on last, when given. */
    public synchronized List<SessionTraffic.View> traffic(String person) {
        return sessions.values().stream()
                .filter(s -> person == null || person.equals(s.traffic.lastPerson()))
                .sorted(Comparator.comparingLong((Session s) -> s.seq))
                .map(s -> s.traffic.view(s.id)).toList();
    }

    /** Sessions unused this long, and BankID orders this old, are forgotten. */
    static final Duration SESSION_IDLE = Duration.ofHours(2);
    static final Duration ORDER_AGE = Duration.ofHours(1);
    /** How long a BankID order can be completed: three minutes, as BankID's own (and the default QR_TIMEOUT). */
    static final Duration ORDER_LIFETIME = Duration.ofMinutes(3);

    @Scheduled(every = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneNow() {
        prune(clock.instant());
    }

    /** Forgets idle sessions and old orders, so a long-running demo does not grow; returns how many went. */
    synchronized int prune(Instant now) {
        int before = sessions.size() + ordersByRef.size();
        sessions.values().removeIf(s -> s.lastSeen != null && s.lastSeen.plus(SESSION_IDLE).isBefore(now));
        long oldest = now.minus(ORDER_AGE).getEpochSecond();
        ordersByRef.values().removeIf(o -> o.qrStartTime < oldest);
        ordersByToken.values().removeIf(o -> o.qrStartTime < oldest);
        ordersByAutostart.values().removeIf(o -> o.qrStartTime < oldest);
        return before - sessions.size() - ordersByRef.size();
    }

    /** Sessions and orders held now. */
    synchronized int remembered() {
        return sessions.size() + ordersByRef.size();
    }

    /** The person logged in on this session, or null (sessions end after the forced-logout time). */
    public synchronized String loggedIn(Session s) {
        if (s.loginAt != null && s.loginAt.plusSeconds(scenario.sessionLifetimeSeconds()).isBefore(clock.instant())) {
            endLogin(s);
        }
        return s.personalNumber;
    }

    /** The site's sign-out call: ends the session's login and remembers who signed out (when anyone was in). */
    public synchronized void signOut(Session s) {
        String person = loggedIn(s);
        if (person != null) {
            signOuts.addLast(new SignOut(person, clock.instant()));
            if (signOuts.size() > MAX_SIGN_OUTS) {
                signOuts.removeFirst();
            }
        }
        endLogin(s);
    }

    /**
     * The site logs everyone out now (as it does about 30 minutes after each login), or only {@code person} when
     * given; how many logins ended.
     */
    public synchronized int logOut(String person) {
        int ended = 0;
        for (Session s : sessions.values()) {
            if (s.personalNumber != null && (person == null || person.equals(s.personalNumber))) {
                endLogin(s);
                ended++;
            }
        }
        return ended;
    }

    /** Sign-outs since the last reset, oldest first. */
    public synchronized List<SignOut> signOuts() {
        return List.copyOf(signOuts);
    }

    private void endLogin(Session s) {
        s.personalNumber = null;
        s.loginAt = null;
    }

    /** Starts a BankID order for the session. */
    public synchronized Order beginAuthentication(Session s) {
        Order o = new Order(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                clock.millis() / 1000, UUID.randomUUID().toString(), s.id);
        ordersByRef.put(o.referenceId, o);
        ordersByToken.put(o.qrStartToken, o);
        ordersByAutostart.put(o.autostartToken, o);
        return o;
    }

    /** The order an autostartToken belongs to, or null. */
    public synchronized Order orderByAutostart(String autostartToken) {
        return ordersByAutostart.get(autostartToken);
    }

    /**
     * Whether the order has timed out: BankID ends an order nobody completed within {@link #ORDER_LIFETIME}, and the
     * app then refuses it, by QR code or by autostart token alike.
     */
    public synchronized boolean isExpired(Order o) {
        return !o.completed && clock.millis() / 1000 - o.qrStartTime >= ORDER_LIFETIME.toSeconds();
    }

    public synchronized Order order(String referenceId) {
        return referenceId == null ? null : ordersByRef.get(referenceId);
    }

    public synchronized Order orderByToken(String qrStartToken) {
        return ordersByToken.get(qrStartToken);
    }

    /** Whether the order is completed. */
    public synchronized boolean isCompleted(Order o) {
        return o.completed;
    }

    /**
     * A status poll of the order: whether the person approved it. The poll that first sees the approval logs the
     * order's session in, as the real site does (its login cookies come with that answer): a client that never
     * polls never gets a logged-in session, whether the poll comes from the page or from any other client that
     * carries the session's cookies.
     */
    public synchronized boolean collect(Order o) {
        if (o.completed && !o.collected) {
            o.collected = true;
            Session s = sessions.get(o.sessionId);
            if (s != null) {
                s.personalNumber = o.personalNumber;
                s.loginAt = clock.instant();
                s.traffic.loggedIn(o.personalNumber);
            }
        }
        return o.completed;
    }

    /** Marks an order approved by the BankID app; the session is logged in by the next status poll. */
    public synchronized boolean approve(Order o, String personalNumber) {
        if (o.completed) {
            return false;
        }
        o.completed = true;
        o.personalNumber = personalNumber;
        return true;
    }

    public synchronized String orderPerson(Order o) {
        return o.personalNumber;
    }

    // ---- search ----

    /** Free occasions matching the query, earliest first, at most {@code limit}. */
    public synchronized List<SlotState> search(List<Long> locationIds, int examinationTypeId, int vehicleTypeId,
            LocalDate from, LocalDate until, int limit) {
        Instant now = clock.instant();
        market.advance(now, slots);
        return slots.values().stream()
                .filter(s -> locationIds.contains(s.locationId) && s.examinationTypeId == examinationTypeId)
                .filter(s -> !SimCatalog.isDrivingTest(examinationTypeId) || s.vehicleTypeId == vehicleTypeId)
                .filter(s -> !s.date.isBefore(from) && s.date.isBefore(until))
                .filter(s -> s.bookingId == null && !s.isHeld(now))
                .sorted(Comparator.comparing((SlotState s) -> s.date).thenComparing(s -> s.time))
                .limit(limit)
                .toList();
    }

    // ---- reserve and book ----

    /** Holds a free slot for the person; null when it is gone (booked or held by someone else). */
    public synchronized Instant reserve(String personalNumber, long examinationId) {
        Instant now = clock.instant();
        market.advance(now, slots);
        SlotState s = slots.get(examinationId);
        if (s == null || s.bookingId != null || (s.isHeld(now) && !personalNumber.equals(s.heldBy))) {
            return null;
        }
        if (stealNext()) {
            // Someone else was quicker: the slot is gone for good.
            s.bookingId = "taken-by-another";
            market.stolen(s, now);
            return null;
        }
        Duration hold = Duration.ofSeconds(scenario.reservationHoldSeconds());
        s.heldBy = personalNumber;
        s.holdExpires = now.plus(hold);
        market.held(s, now);
        return s.holdExpires;
    }

    /** The person's unexpired holds. */
    public synchronized List<SlotState> activeReservations(String personalNumber) {
        Instant now = clock.instant();
        market.advance(now, slots);
        return slots.values().stream()
                .filter(s -> s.bookingId == null && s.isHeld(now) && personalNumber.equals(s.heldBy)).toList();
    }

    public synchronized Instant holdExpiry(SlotState s) {
        return s.holdExpires;
    }

    /** Books every slot the person holds; returns the new booking id, or null when nothing is held. */
    public synchronized Booking pay(String personalNumber) {
        List<SlotState> held = activeReservations(personalNumber);
        if (held.isEmpty()) {
            return null;
        }
        String bookingId = Long.toString(++nextBookingNumber);
        String reference = HexFormat.of().formatHex(randomBytes(5)).toUpperCase();
        Booking first = null;
        for (SlotState s : held) {
            s.bookingId = bookingId;
            s.heldBy = null;
            market.booked(s, bookingId, clock.instant());
            Booking b = new Booking(bookingId, reference, personalNumber, s.examinationId, clock.instant());
            bookings.put(bookingId + ":" + s.examinationId, b);
            if (first == null) {
                first = b;
            }
        }
        return first;
    }

    /** The person's bookings with this id. */
    public synchronized List<Booking> bookings(String personalNumber, String bookingId) {
        return bookings.values().stream()
                .filter(b -> b.personalNumber().equals(personalNumber) && (bookingId == null || b.bookingId().equals(bookingId)))
                .toList();
    }

    /** Every booking ever made since the last reset. */
    public synchronized List<Booking> allBookings() {
        return new ArrayList<>(bookings.values());
    }

    /** Cancels the person's booking of this exam; false when there is none. */
    public synchronized boolean cancel(String personalNumber, long examinationId) {
        var it = bookings.values().iterator();
        while (it.hasNext()) {
            Booking b = it.next();
            if (b.personalNumber().equals(personalNumber) && b.examinationId() == examinationId) {
                it.remove();
                slots.get(examinationId).bookingId = null;
                return true;
            }
        }
        return false;
    }

    public synchronized SlotState slot(long examinationId) {
        return slots.get(examinationId);
    }

    public Clock clock() {
        return clock;
    }

    private String token(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
