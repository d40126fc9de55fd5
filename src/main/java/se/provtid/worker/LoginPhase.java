package se.provtid.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import se.provtid.bankid.AutostartLink;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobError;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.login.LoginStarts;
import se.provtid.login.LoginWays;
import se.provtid.queue.JobUpdate;
import se.provtid.site.BookingSite;
import se.provtid.site.LoginStatus;
import se.provtid.site.QrStart;
import se.provtid.site.SiteException;

/** Logs the person in at the site: keeps a live session, else streams BankID QR frames until they scan one. */
final class LoginPhase {

    private static final Logger LOG = Logger.getLogger(LoginPhase.class);
    /** A poll at a wake a little early (the half-second wake) still counts as a whole interval after the last. */
    private static final long POLL_SLACK_MS = 50;
    /** Polls go out this far into a second, away from the whole second when every job sends its next code. */
    static final long POLL_PHASE_MS = 500;
    /** Login polls in a row that may fail (no answer, server error) before the attempt gives up. */
    private static final int MAX_POLL_FAILURES = 10;

    private final String jobId;
    private final JobReporter report;
    private final Lease lease;
    private final SiteRetryPolicy retry;
    private final SessionVault vault;
    private final ProvtidConfig config;
    private final SiteSignOut signOut;
    private final LoginStarts starts;
    private final LoginWays ways;
    /** Whether this attempt's site was opened ahead of demand (a warm login): counted as such. */
    private boolean warm;
    /** Whether the person has logged in before: a login not scanned in time then means watching, not expiry. */
    private final boolean loggedInBefore;
    /** This job's turn at opening the site and reaching the QR code, while it holds one. */
    private LoginStarts.Turn turn;
    /** Numbers the job's QR frames, on across every login of this attempt. */
    private long qrSequence;

    LoginPhase(String jobId, JobReporter report, Lease lease, SiteRetryPolicy retry, SessionVault vault,
            ProvtidConfig config, SiteSignOut signOut, LoginStarts starts, LoginWays ways, boolean loggedInBefore) {
        this.ways = ways;
        this.loggedInBefore = loggedInBefore;
        this.jobId = jobId;
        this.report = report;
        this.lease = lease;
        this.retry = retry;
        this.vault = vault;
        this.config = config;
        this.signOut = signOut;
        this.starts = starts;
    }

    /**
     * Waits for this job's turn at opening the site and reaching the QR code (first come, first served); the turn
     * ends once the QR code is known, or once the job turns out to be logged in already.
     */
    void takeTurn() {
        if (turn != null) {
            return;
        }
        try {
            turn = starts.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobAbortedException("interrupted while waiting for a turn to open the site");
        }
    }

    /** This attempt's site was opened ahead of demand, by the warm logins. */
    void openedWarm() {
        warm = true;
    }

    /** Ends this job's turn (if it holds one), letting the next job open the site. */
    void endTurn() {
        LoginStarts.Turn t = turn;
        turn = null;
        if (t != null) {
            t.close();
        }
    }

    /**
     * The logged-in person's personal number (never logged): {@code person} when the restored session still lives,
     * else whoever scans the QR code. Null when the job ended instead (expired, BankID failed, cancelled).
     */
    String logIn(BookingSite site, BrowserSession browser, String person) {
        takeTurn(); // held already on the first login (taken before the site was opened)
        if (person != null && site.isLoggedIn()) {
            endTurn();
            report.move(JobStatus.searching, Notice.loggedIn());
            park(browser);
            return person;
        }
        report.move(JobStatus.authenticating, Notice.waitingForBankId());
        retry.waitWhileUpdating(site);
        if (site.isLoggedIn()) {
            throw new SiteException(200, "the page is logged in, but not by this job");
        }
        QrStart start;
        try {
            start = site.beginLogin();
        } finally {
            endTurn(); // the expensive part is done: the next job may open the site
        }
        ways.counted(warm ? "warm" : site.loginWay());
        String autostart = AutostartLink.present(start.autostartToken()) ? start.autostartToken() : null;
        if (autostart != null) {
            // For the status view while the order is open; every status move clears it (transition.lua).
            report.save(JobUpdate.of().autostartToken(autostart));
        }
        Instant deadline = Instant.now().plus(config.worker().qrTimeout());
        // With the start values every code is computed here, and the job can follow the login without the page.
        boolean fromContext = config.worker().loginWait() == ProvtidConfig.Worker.LoginWait.context
                && QrFrameSource.computable(start);
        QrFrameSource frames = new QrFrameSource(start, site::interceptedQrCode,
                fromContext ? () -> null : site::qrCanvasPng);
        long interval = site.loginPollInterval().toMillis();
        long lastPoll = System.currentTimeMillis(); // the page's first poll also comes an interval after the order
        int pollFailures = 0;
        boolean parked = false;
        while (true) {
            lease.check();
            QrFrameSource.Frame frame = frames.next(System.currentTimeMillis());
            if (frame != null) {
                report.emit(report.events().qr(frame.payload(), ++qrSequence, frame.source(),
                        frame.validUntil(), autostart));
            }
            if (fromContext && !parked) {
                browser.park(); // after the first frame, so the person sees a code at once; the renderer goes
                parked = true;
            }
            if (fromContext && pollDue(System.currentTimeMillis(), lastPoll, interval)) {
                lastPoll = System.currentTimeMillis();
                pollFailures = poll(site, start, pollFailures);
            }
            if (site.loginStatus() == LoginStatus.COMPLETED || !fromContext && site.isLoggedIn()) {
                signOut.loggedIn(); // first: a cancel refusing the move below must still sign this session out
                String who = site.personalNumber(start);
                // Sealed on the job, so that a later attempt resumes this login instead of asking for a new scan.
                JobUpdate fields = vault.seal(jobId, new SessionVault.Saved(site.storageState(), who)).loggedInOnce();
                report.move(JobStatus.searching, Notice.loggedIn(), fields, List.of());
                park(browser);
                return who;
            }
            if (site.loginStatus() == LoginStatus.FAILED) {
                report.fail(JobError.bankIdFailed());
                return null;
            }
            if (Instant.now().isAfter(deadline) && loggedInBefore) {
                throw new NotScannedAgain();
            }
            if (Instant.now().isAfter(deadline)) {
                report.expire(Notice.qrTimeout(config.worker().qrTimeout().toSeconds()));
                return null;
            }
            // Computed: wake just after the next whole second, when the next code becomes current, and at the
            // half second to poll.
            long now = System.currentTimeMillis();
            lease.sleep(fromContext ? untilWake(now, frames.untilNext(now)) : frames.untilNext(now));
        }
    }

    /** A new login of a person who logged in before was not scanned in time: the job goes back to watching. */
    static final class NotScannedAgain extends RuntimeException {
        NotScannedAgain() {
            super("a new login was not scanned in time", null, false, false);
        }
    }

    /**
     * Whether the login poll is due: an interval after the last one, and in the second half of a second. Codes change
     * at the whole second; with the polls half a second away, a hundred waiting jobs' polls (HTTP, JSON) never
     * queue with their codes on the CPU, and each code goes out at once.
     */
    static boolean pollDue(long nowMillis, long lastPollMillis, long intervalMillis) {
        return nowMillis - lastPollMillis >= intervalMillis - POLL_SLACK_MS && nowMillis % 1000 >= POLL_PHASE_MS;
    }

    /** How long to sleep: until the next code ({@code untilFrame}), or until the half second when a poll may go. */
    static Duration untilWake(long nowMillis, Duration untilFrame) {
        long intoSecond = nowMillis % 1000;
        if (intoSecond >= POLL_PHASE_MS) {
            return untilFrame;
        }
        Duration untilPollPhase = Duration.ofMillis(POLL_PHASE_MS - intoSecond + 5);
        return untilPollPhase.compareTo(untilFrame) < 0 ? untilPollPhase : untilFrame;
    }

    /**
     * One login poll from the context; a poll that got no answer or a server error is as good as skipped (the next
     * one tells), up to a few in a row. Returns the failures in a row so far.
     */
    private int poll(BookingSite site, QrStart start, int failuresSoFar) {
        try {
            site.pollLogin(start);
            return 0;
        } catch (SiteException e) {
            if (e.isBlocked() || !e.isTransient() || failuresSoFar + 1 >= MAX_POLL_FAILURES) {
                throw e;
            }
            LOG.debugf("job %s: a login poll failed (%d); trying again with the next", jobId, e.status());
            return failuresSoFar + 1;
        }
    }

    private void park(BrowserSession browser) {
        if (config.browser().parkPages()) {
            browser.park(); // searching needs only the context's cookies, not a renderer
        }
    }
}
