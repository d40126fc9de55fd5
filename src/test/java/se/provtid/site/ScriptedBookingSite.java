package se.provtid.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A booking site in memory whose trouble a test scripts: slots someone else takes first, holds that lapse on the
 * site's clock, reserves and payments that time out (having been done, or not), refusals. It keeps the site's own
 * rules (a payment pays what is held, a lapsed hold is gone, a paid slot is no longer offered) so that the worker's
 * phases can be tested without a browser. It is not the simulator: the end-to-end tests run Chromium against that.
 */
public final class ScriptedBookingSite implements BookingSite {

    /** What one spending call (reserve or pay) does; once its script is used up, calls succeed. */
    public enum Step {
        /** Done, and the answer arrives. */
        SUCCEEDS,
        /** Done at the site, but the answer never arrives (the caller sees a timeout). */
        TIMES_OUT_DONE,
        /** Not done, and no answer (a timeout). */
        TIMES_OUT_UNDONE,
        /** Refused for good (a 400 with the site's text). */
        REFUSED
    }

    /** The text of the adapter's own error when the site refuses a payment. */
    public static final String PAYMENT_REFUSED = "the site did not accept the invoice payment";

    private final Clock clock;
    private final Duration holdLength;
    private final String person;
    private final Map<Long, Occasion> offered = new LinkedHashMap<>();
    private final Set<Long> takenByOthers = new HashSet<>();
    private final Map<Long, Hold> holds = new LinkedHashMap<>();
    private final List<Booked> booked = new ArrayList<>();
    private final Deque<Step> reserveScript = new ArrayDeque<>();
    private final Deque<Step> payScript = new ArrayDeque<>();
    private int readsTimingOut;
    private boolean summaryFails;
    private Runnable whilePaying = () -> { };
    private boolean loggedIn = true;
    private int reserveCalls;
    private int payCalls;
    private int nextBooking = 1;

    /** A site where {@code person} is logged in and a hold lasts {@code holdLength} on {@code clock}. */
    public ScriptedBookingSite(Clock clock, Duration holdLength, String person) {
        this.clock = clock;
        this.holdLength = holdLength;
        this.person = person;
    }

    /** A free slot as the site lists it in a search. */
    public static Occasion occasion(long examinationId, long locationId, String place, LocalDate date, String time) {
        return new Occasion(examinationId, locationId, place, date, time, "800 kr", null);
    }

    /** The site offers these slots. */
    public synchronized ScriptedBookingSite offer(Occasion... slots) {
        for (Occasion o : slots) {
            offered.put(o.examinationId(), o);
        }
        return this;
    }

    /** Someone else reserves this slot between the job's search and its reserve. */
    public synchronized ScriptedBookingSite takenByOthers(long examinationId) {
        takenByOthers.add(examinationId);
        return this;
    }

    /** What the next reserves do, in order. */
    public synchronized ScriptedBookingSite reserving(Step... steps) {
        reserveScript.addAll(Arrays.asList(steps));
        return this;
    }

    /** What the next payments do, in order. */
    public synchronized ScriptedBookingSite paying(Step... steps) {
        payScript.addAll(Arrays.asList(steps));
        return this;
    }

    /** The next {@code times} reads of the person's holds or bookings time out. */
    public synchronized ScriptedBookingSite readsTimeOut(int times) {
        readsTimingOut = times;
        return this;
    }

    /** Runs during every payment, before it is decided: e.g. a test's clock moving on while the call takes its time. */
    public synchronized ScriptedBookingSite whilePaying(Runnable r) {
        whilePaying = r;
        return this;
    }

    /** The booking summary (confirmation number) fails. */
    public synchronized ScriptedBookingSite summaryFails() {
        summaryFails = true;
        return this;
    }

    /** The person already holds this slot (a hold made before the job was interrupted). */
    public synchronized ScriptedBookingSite alreadyHeld(Occasion o) {
        holds.put(o.examinationId(), new Hold(stripped(o), clock.instant().plus(holdLength).toString()));
        return this;
    }

    /** The person already booked this slot (a payment that went through before the job was interrupted). */
    public synchronized ScriptedBookingSite alreadyBooked(Occasion o, String bookingId) {
        booked.add(new Booked(stripped(o), bookingId));
        offered.remove(o.examinationId());
        return this;
    }

    /** The site ends the person's hold on this slot now, before its time (as a real site may). */
    public synchronized void lapse(long examinationId) {
        holds.remove(examinationId);
    }

    public synchronized int reserveCalls() {
        return reserveCalls;
    }

    public synchronized int payCalls() {
        return payCalls;
    }

    /** The exams the person has booked, in booking order. */
    public synchronized List<Booked> booked() {
        return List.copyOf(booked);
    }

    @Override
    public synchronized String reserve(ExamQuery exam, Occasion occasion) {
        reserveCalls++;
        Step step = next(reserveScript);
        if (step == Step.REFUSED) {
            throw new SiteException(400, "the site refused the reservation");
        }
        if (step == Step.TIMES_OUT_UNDONE) {
            throw timeout("create-reservation");
        }
        long id = occasion.examinationId();
        if (takenByOthers.contains(id) || !offered.containsKey(id)) {
            // As the adapter reports the site's "no longer available": someone else was first.
            if (step == Step.TIMES_OUT_DONE) {
                throw timeout("create-reservation");
            }
            return null;
        }
        String expires = clock.instant().plus(holdLength).toString();
        holds.put(id, new Hold(stripped(occasion), expires));
        if (step == Step.TIMES_OUT_DONE) {
            throw timeout("create-reservation");
        }
        return expires;
    }

    @Override
    public synchronized String pay(ExamQuery exam) {
        payCalls++;
        whilePaying.run();
        Step step = next(payScript);
        if (step == Step.REFUSED) {
            throw new SiteException(400, PAYMENT_REFUSED);
        }
        if (step == Step.TIMES_OUT_UNDONE) {
            throw timeout("invoice-payment");
        }
        List<Hold> current = holds();
        if (current.isEmpty()) {
            throw new SiteException(200, PAYMENT_REFUSED); // nothing held: the site has nothing to invoice
        }
        String first = null;
        for (Hold h : current) {
            String bookingId = "SCRIPTED-" + nextBooking++;
            booked.add(new Booked(h.occasion(), bookingId));
            holds.remove(h.occasion().examinationId());
            offered.remove(h.occasion().examinationId());
            first = first == null ? bookingId : first;
        }
        if (step == Step.TIMES_OUT_DONE) {
            throw timeout("invoice-payment");
        }
        return first;
    }

    /** The holds still running on the site's clock: a hold whose time is up is gone, and its slot free again. */
    @Override
    public synchronized List<Hold> holds() {
        readOrTimeOut("get-active-reservations");
        Instant now = clock.instant();
        holds.values().removeIf(h -> !Instant.parse(h.expires()).isAfter(now));
        return List.copyOf(holds.values());
    }

    @Override
    public synchronized List<Booked> bookedExams() {
        readOrTimeOut("examinations-to-cancel");
        return List.copyOf(booked);
    }

    @Override
    public synchronized String confirmationNumber(ExamQuery exam, String bookingId) {
        if (summaryFails) {
            throw timeout("summary");
        }
        return "OCR-" + bookingId;
    }

    @Override
    public synchronized List<Occasion> search(ExamQuery exam, List<Long> locationIds, LocalDate from) {
        List<Occasion> out = new ArrayList<>();
        for (Occasion o : offered.values()) {
            if (locationIds.contains(o.locationId()) && !o.date().isBefore(from)
                    && !takenByOthers.contains(o.examinationId()) && !holds.containsKey(o.examinationId())) {
                out.add(o);
            }
        }
        out.sort(Comparator.comparing(Occasion::date).thenComparing(Occasion::time));
        return out;
    }

    @Override
    public synchronized Catalog catalog(ExamQuery exam) {
        Map<String, Long> places = new LinkedHashMap<>();
        offered.values().forEach(o -> places.put(o.locationName(), o.locationId()));
        return new Catalog(places, true);
    }

    @Override
    public String bookingHindrance(ExamQuery exam) {
        return null;
    }

    @Override
    public void locateNear(long locationId) {
        // The position only matters to a real site's ordering of places; this one lists what it offers.
    }

    @Override
    public boolean isSystemUpdating() {
        return false;
    }

    @Override
    public synchronized boolean isLoggedIn() {
        return loggedIn;
    }

    @Override
    public synchronized String personalNumber(QrStart start) {
        return person;
    }

    @Override
    public synchronized void signOut() {
        loggedIn = false;
    }

    @Override
    public void reload() {
        // Nothing is cached in a page here: every answer is the site's current state.
    }

    @Override
    public String storageState() {
        return "{\"cookies\":[],\"origins\":[]}";
    }

    // The BankID login is the page's and the simulator's (LoginWaitTests, PageLoginWaitTests): not scripted here.

    @Override
    public QrStart beginLogin() {
        throw noLogin();
    }

    @Override
    public LoginStatus loginStatus() {
        throw noLogin();
    }

    @Override
    public LoginStatus pollLogin(QrStart start) {
        throw noLogin();
    }

    @Override
    public Duration loginPollInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public String interceptedQrCode() {
        return null;
    }

    @Override
    public byte[] qrCanvasPng() {
        throw noLogin();
    }

    private void readOrTimeOut(String call) {
        if (readsTimingOut > 0) {
            readsTimingOut--;
            throw timeout(call);
        }
    }

    private static Step next(Deque<Step> script) {
        Step s = script.poll();
        return s == null ? Step.SUCCEEDS : s;
    }

    /** As the site lists holds and bookings: the slot without the search's offer. */
    private static Occasion stripped(Occasion o) {
        return new Occasion(o.examinationId(), o.locationId(), o.locationName(), o.date(), o.time(), o.cost(), null);
    }

    private static SiteException timeout(String call) {
        return new SiteException(SiteException.NO_ANSWER, call + " did not answer in time");
    }

    private static UnsupportedOperationException noLogin() {
        return new UnsupportedOperationException("the scripted site starts logged in; it has no BankID login");
    }
}
