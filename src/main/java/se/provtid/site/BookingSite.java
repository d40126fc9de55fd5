package se.provtid.site;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * One job's booking site, in one browser session: the BankID login through the page, then searching, holding and
 * paying. Speaks the job's terms ({@link ExamQuery}, place names) and answers with site-neutral records; every
 * failure is a {@link SiteException} (or {@link SessionExpiredException}) with text safe to show.
 */
public interface BookingSite {

    /** Loads the app again, so that it shows the site's current view of the session (after a logout). */
    void reload();

    /** How the login goes: {@code lean} (the site's JSON calls, no page) or {@code page} (the site's app). */
    default String loginWay() {
        return "page";
    }

    /** Whether the site has the person as logged in (its page's header, or is-authorizied without a page). */
    boolean isLoggedIn();

    /** Starts a BankID login on the page; the order's start values, from which every QR code can be computed. */
    QrStart beginLogin();

    /** Where the login started by {@link #beginLogin()} stands, from the page's own status polls. */
    LoginStatus loginStatus();

    /**
     * Asks the site itself where the login started by {@link #beginLogin()} stands, as the page's own poll does
     * ({@code check-authentication-status-qr} with the session's cookies), so the page need not run meanwhile.
     * What it learns (the current code, the person once completed) is kept as a page poll's would be.
     */
    LoginStatus pollLogin(QrStart start);

    /** How often the site's own page polls the login status; {@link #pollLogin} is called no more often. */
    Duration loginPollInterval();

    /** The QR code of the latest login poll (the page's or {@link #pollLogin}'s), or null. */
    String interceptedQrCode();

    /** A screenshot (PNG) of the QR code the page draws. */
    byte[] qrCanvasPng();

    /** The logged-in person's personal number (never log it). */
    String personalNumber(QrStart start);

    /**
     * Ends the person's session at the site, as its "Logga ut" does, so that no logged-in session outlives the job.
     * A session that already ended is no error.
     */
    void signOut();

    /** The session's cookies and storage as JSON, to resume this login in another browser session. */
    String storageState();

    /** Whether the site is down for maintenance. */
    boolean isSystemUpdating();

    /** The site's places and whether it offers the exam at all. */
    Catalog catalog(ExamQuery exam);

    /** Lets the browser report a position near the place (when the site told where it is). */
    void locateNear(long locationId);

    /** Why the site does not let the person book this exam (the site's own text), or null when it does. */
    String bookingHindrance(ExamQuery exam);

    /** Free slots from {@code from} on at the first place and up to three more. */
    List<Occasion> search(ExamQuery exam, List<Long> locationIds, LocalDate from);

    /** Holds the slot; the hold's expiry (ISO-8601), or null when someone else took the slot first. */
    String reserve(ExamQuery exam, Occasion occasion);

    /** Pays what the person holds (by invoice); the booking id. Never call it twice blindly: it spends money. */
    String pay(ExamQuery exam);

    /** The slots the person holds now. */
    List<Hold> holds();

    /** The exams the person has booked. */
    List<Booked> bookedExams();

    /** The booking's confirmation number (its payment reference), or the booking id when the site names none. */
    String confirmationNumber(ExamQuery exam, String bookingId);
}
