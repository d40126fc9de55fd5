package se.provtid.worker;

import java.time.Instant;
import java.util.List;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.JobError;
import se.provtid.job.JobStatus;
import se.provtid.queue.JobUpdate;
import se.provtid.site.BookingSite;
import se.provtid.site.LoginStatus;
import se.provtid.site.QrStart;
import se.provtid.site.SiteException;

/** Logs the person in at the site: keeps a live session, else streams BankID QR frames until they scan one. */
final class LoginPhase {

    private static final String LOGGED_IN = "Logged in; searching for a slot";

    private final String jobId;
    private final JobReporter report;
    private final Lease lease;
    private final SiteRetryPolicy retry;
    private final SessionVault vault;
    private final ProvtidConfig config;
    private final SiteSignOut signOut;
    /** Numbers the job's QR frames, on across every login of this attempt. */
    private long qrSequence;

    LoginPhase(String jobId, JobReporter report, Lease lease, SiteRetryPolicy retry, SessionVault vault,
            ProvtidConfig config, SiteSignOut signOut) {
        this.jobId = jobId;
        this.report = report;
        this.lease = lease;
        this.retry = retry;
        this.vault = vault;
        this.config = config;
        this.signOut = signOut;
    }

    /**
     * The logged-in person's personal number (never logged): {@code person} when the restored session still lives,
     * else whoever scans the QR code. Null when the job ended instead (expired, BankID failed, cancelled).
     */
    String logIn(BookingSite site, BrowserSession browser, String person) {
        if (person != null && site.isLoggedIn()) {
            report.move(JobStatus.searching, LOGGED_IN);
            park(browser);
            return person;
        }
        report.move(JobStatus.authenticating, "Waiting for BankID: scan the QR code");
        retry.waitWhileUpdating(site);
        if (site.isLoggedIn()) {
            throw new SiteException(200, "the page is logged in, but not by this job");
        }
        QrStart start = site.beginLogin();
        Instant deadline = Instant.now().plus(config.worker().qrTimeout());
        QrFrameSource frames = new QrFrameSource(start, site::interceptedQrCode, site::qrCanvasPng);
        while (true) {
            lease.check();
            QrFrameSource.Frame frame = frames.next(System.currentTimeMillis());
            if (frame != null) {
                report.emit(report.events().qr(frame.payload(), ++qrSequence, frame.source(),
                        frame.validUntil()));
            }
            if (site.loginStatus() == LoginStatus.COMPLETED || site.isLoggedIn()) {
                signOut.loggedIn(); // first: a cancel refusing the move below must still sign this session out
                String who = site.personalNumber(start);
                // Sealed on the job, so that a later attempt resumes this login instead of asking for a new scan.
                JobUpdate fields = vault.seal(jobId, new SessionVault.Saved(site.storageState(), who));
                report.move(JobStatus.searching, LOGGED_IN, fields, List.of());
                park(browser);
                return who;
            }
            if (site.loginStatus() == LoginStatus.FAILED) {
                report.fail(new JobError("bankid_failed", "The BankID login failed or was cancelled."));
                return null;
            }
            if (Instant.now().isAfter(deadline)) {
                report.expire("Nobody scanned the QR code within " + config.worker().qrTimeout().toSeconds() + " s.");
                return null;
            }
            // Computed: wake just after the next whole second, when the next code becomes current.
            lease.sleep(frames.untilNext(System.currentTimeMillis()));
        }
    }

    private void park(BrowserSession browser) {
        if (config.browser().parkPages()) {
            browser.park(); // searching needs only the context's cookies, not a renderer
        }
    }
}
