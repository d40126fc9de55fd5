package se.provtid.worker;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jboss.logging.Logger;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.job.Job;
import se.provtid.job.JobError;
import se.provtid.job.JobStatus;
import se.provtid.job.Notice;
import se.provtid.login.LoginWays;
import se.provtid.login.WarmLogins;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.search.FleetSearch;
import se.provtid.search.Offer;
import se.provtid.search.SlotClaims;
import se.provtid.site.BookingSite;
import se.provtid.site.BookingSites;
import se.provtid.site.Hold;
import se.provtid.site.Occasion;
import se.provtid.site.SessionExpiredException;
import se.provtid.site.SiteException;

/**
 * Runs one claimed job on this worker, phase by phase: log in (or resume the saved site session), resolve the
 * target, search, hold, (await confirmation,) pay. The phases that spend (hold, pay) first ask the site what already
 * exists, so a job resumed after a crash never books twice.
 */
final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Dates are the site's, in Swedish time: "today" is today in Stockholm. */
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    /** Claims of a job that may fail before the job fails for good. */
    private static final int MAX_ATTEMPTS = 3;

    private final Job job;
    private final BrowserFleet fleet;
    private final BookingSites sites;
    private final SessionVault vault;
    private final ProvtidConfig config;
    private final JobReporter report;
    private final Lease lease;
    private final SiteRetryPolicy retry;
    private final LoginPhase login;
    private final LoginWays ways;
    private final WarmLogins warmLogins;
    private final TargetResolver resolver;
    private final SlotSearch search;
    private final Reservation reservation;
    private final ConfirmationWait confirmation;
    private final Payment payment;
    private final Clock clock;
    private final SiteSignOut signOut;
    private final SlotClaims claims;
    private final JobStore store;
    private final FleetSearch fleetSearch;
    /** What the job books, once resolved at this attempt's login: a watch keeps its places in the fleet's search. */
    private Target target;
    /** Null in {@code SEARCH_MODE=job}: the job then searches alone with {@link #search}. */
    private final FleetTurns fleetTurns;

    JobRunner(Job job, WorkerContext ctx, Lease lease) {
        this.job = job;
        this.fleet = ctx.fleet();
        this.ways = ctx.loginWays();
        this.warmLogins = ctx.warmLogins();
        this.sites = ctx.sites();
        this.vault = ctx.vault();
        this.config = ctx.config();
        this.lease = lease;
        this.clock = ctx.clock();
        this.report = new JobReporter(ctx.store(), job, ctx.workerId(), ctx.metrics());
        this.retry = new SiteRetryPolicy(config.site(), ctx.pacer(), report, lease);
        this.signOut = new SiteSignOut(job.id(), ctx.store());
        this.login = new LoginPhase(job.id(), report, lease, retry, vault, config, signOut, ctx.loginStarts(),
                ctx.loginWays(), ctx.store().loggedInOnce(job.id()));
        this.store = ctx.store();
        this.fleetSearch = ctx.fleetSearch();
        this.resolver = new TargetResolver(job.request(), report, retry, ctx.places());
        this.search = new SlotSearch(retry, ctx.fleetSearch());
        this.claims = ctx.claims();
        this.fleetTurns = config.worker().searchMode() == ProvtidConfig.Worker.SearchMode.fleet
                ? new FleetTurns(ctx.fleetSearch(), job.id(), job.request(), job.createdAt().toEpochMilli(), report,
                        lease, retry, clock)
                : null;
        this.reservation = new Reservation(job.id(), ctx.store(), report, retry);
        this.confirmation = new ConfirmationWait(job.id(), job.request().autoBook(), ctx.store(), report, lease,
                clock);
        // A payment's answer can take one site call's timeout, and a lost answer one more check: after that it landed.
        this.payment = new Payment(job.id(), ctx.store(), report, retry, reservation, clock,
                config.site().requestTimeout().multipliedBy(2), lease::sleep);
    }

    void run() {
        try {
            report.move(JobStatus.starting, Notice.openingSite());
            SessionVault.Saved saved = vault.load(job.id());
            LoginMode mode = ways.next();
            login.takeTurn(); // in arrival order: opening the site and reaching the QR code is the expensive step
            // A login that needs the page takes one opened ahead when there is one; a saved session has its cookies.
            WarmLogins.Warm warm = mode == LoginMode.page && saved == null ? warmLogins.take() : null;
            if (warm != null) {
                login.openedWarm();
            }
            try (BrowserSession browser = warm != null ? warm.session()
                    : fleet.open(saved == null ? null : saved.storageState(), mode == LoginMode.page)) {
                BookingSite site = warm != null ? warm.site() : sites.open(browser, mode);
                if (saved != null) {
                    signOut.loggedIn(); // the restored cookies may still be logged in
                }
                try {
                    logInAndBook(site, browser, saved == null ? null : saved.person());
                } catch (RuntimeException e) {
                    settle(e); // before the sign-out: giving up makes the job final
                } finally {
                    signOut.ifJobEnded(site); // while the context and its cookies are still open
                }
            }
        } catch (RuntimeException e) {
            settle(e);
        } finally {
            login.endTurn();
            if (fleetTurns != null) {
                leaveSearch();
            }
        }
    }

    /** The job's want leaves the fleet's search as the job ends here (Redis may be what ended it). */
    private void leaveSearch() {
        try {
            fleetTurns.leave();
        } catch (RuntimeException e) {
            LOG.debugf("job %s: search want not removed (%s); the planner drops it when stale", job.id(),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Logs in (or resumes {@code person}'s session) and books. When the site ends the session, or a new login's QR
     * code is not scanned in time, the job watches: it leaves this worker until its person logs in again.
     */
    private void logInAndBook(BookingSite site, BrowserSession browser, String person) {
        try {
            person = login.logIn(site, browser, person);
        } catch (LoginPhase.NotScannedAgain e) {
            watch(Notice.qrTimeoutWatching(config.worker().qrTimeout().toSeconds()));
            return;
        }
        if (person == null) {
            return;
        }
        try {
            book(site, person);
        } catch (SessionExpiredException e) {
            LOG.infof("job %s: the site session ended; the job watches until its person logs in again", job.id());
            signOut.loggedOut();
            watch(null);
        }
    }

    /**
     * The job leaves this worker and watches: its want stays in the fleet's search (marked watching, so the others'
     * searches cover its places and a slot that fits it is announced to it), and its person is asked to log in
     * again. {@code timedOut} is the status notice of a new login not scanned in time; null when the site ended the
     * session. A watch whose end has come ends the job instead.
     */
    private void watch(Notice timedOut) {
        Instant ends = job.request().watchEnds();
        if (!clock.instant().isBefore(ends)) {
            report.expire(Notice.watchEnded());
            return;
        }
        if (fleetTurns != null && target != null) {
            fleetTurns.watch(target);
        }
        report.watch(timedOut, ends);
    }

    /** How an attempt that threw ends: stopped here (cancelled, lease lost, worker stopping), requeued, or failed. */
    private void settle(RuntimeException e) {
        if (e instanceof JobAbortedException) {
            LOG.infof("job %s stopped on this worker: %s", job.id(), e.getMessage());
        } else if (lease.stopped()) {
            // The stopping worker (or the lease's new owner) hands the job on: what failed once this job was told to
            // stop, such as a Redis call cut short by the shutdown, is no internal_error of the attempt.
            LOG.infof("job %s stopped on this worker (%s on the way out)", job.id(), e.getClass().getSimpleName());
        } else {
            giveBackOrFail(e);
        }
    }

    /** Queues the job for another attempt, or fails it on its last; records only text that is safe to show. */
    private void giveBackOrFail(RuntimeException e) {
        AttemptFailure why = AttemptFailure.of(e);
        LOG.warnf("job %s attempt %d failed (%s): %s%s", job.id(), job.attempts(), why.code(), why.detail(),
                e instanceof SiteException ? "" : raisedIn(e));
        try {
            // Redis failing (a failover, a primary without its replica) says nothing of the job: it never gives up.
            if (job.attempts() < MAX_ATTEMPTS || JobError.STORE_UNAVAILABLE.equals(why.code())) {
                report.requeue(Notice.attemptFailed(job.attempts(), why.code()));
            } else {
                report.fail(JobError.gaveUp(why.code(), job.attempts(), why.detail()));
            }
        } catch (RuntimeException ignored) {
            // Cancelled meanwhile or Redis unreachable: the lease sweeper hands the job back.
        }
    }

    /** Where in our own code a library's exception came out (class and method names only: no library text). */
    static String raisedIn(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("se.provtid.")) {
                String cls = f.getClassName();
                return " in " + cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName();
            }
        }
        return "";
    }

    /**
     * Holds the slot, noting that this job tries it (so two of ours trying one slot at once are counted), and tells
     * the fleet's hand-out whether it was held: if not, the next job in line tries it at once.
     */
    private String tryHold(BookingSite site, Target target, Occasion occasion, Offer offer) {
        claims.begin(occasion.examinationId(), job.id());
        String expires = null;
        try {
            expires = reservation.hold(site, target, occasion);
            return expires;
        } finally {
            boolean held = expires != null;
            claims.finish(occasion.examinationId(), job.id(), held);
            if (offer != null) {
                fleetTurns.outcome(offer, held);
            }
        }
    }

    /**
     * The slot announced to this job while it watched, if it still fits; the job's record of it goes, so that it is
     * tried once.
     */
    private Occasion offeredSlot(Target target) {
        String json = store.offeredSlot(job.id());
        if (json == null) {
            return null;
        }
        report.save(JobUpdate.of().clearOfferedSlot());
        Occasion o = fleetSearch.occasion(json);
        return o != null && target.fits(o, clock.instant()) ? o : null;
    }

    /** Searches, holds and pays until the job is booked or ends; a lapsed or lost hold means searching again. */
    private void book(BookingSite site, String person) {
        Target target = resolver.resolve(site, person);
        this.target = target;
        if (target == null || payment.finishEarlier(site, target)) {
            return;
        }
        Occasion offered = offeredSlot(target);
        // A job on its second attempt or later asks the site for its holds once before it acts, whatever it recorded.
        boolean resumed = job.attempts() > 1;
        while (true) {
            lease.check();
            LocalDate today = LocalDate.now(clock.withZone(SWEDEN));
            if (target.allPassed(today)) {
                report.expire(Notice.datesPassed());
                return;
            }
            if (!clock.instant().isBefore(job.request().watchEnds())) {
                report.expire(Notice.watchEnded());
                return;
            }
            if (fleetTurns == null) {
                retry.waitWhileUpdating(site); // in fleet mode the turns ask, at most once per 30 s per process
            }
            Hold hold = reservation.resumable(site, target, resumed);
            resumed = false;
            Occasion occasion;
            String expires;
            if (hold != null) {
                // A hold this job made before it was interrupted: use it rather than reserve another slot.
                occasion = hold.occasion();
                expires = hold.expires();
                report.move(JobStatus.reserving, Notice.resumingHold(occasion.locationName(), occasion.date().toString(),
                        occasion.time()));
            } else {
                Offer offer = null;
                if (offered != null) {
                    occasion = offered; // announced while the job watched: tried first, once
                    offered = null;
                } else if (fleetTurns != null) {
                    offer = fleetTurns.next(site, target);
                    occasion = offer == null ? null : offer.occasion();
                } else {
                    occasion = search.best(site, target, today, clock.instant());
                    if (occasion == null) {
                        lease.sleep(SiteRetryPolicy.jittered(config.worker().searchInterval()));
                    }
                }
                if (occasion == null) {
                    continue;
                }
                try {
                    report.move(JobStatus.reserving, Notice.reserving(occasion.locationName(),
                            occasion.date().toString(), occasion.time()));
                } catch (RuntimeException e) {
                    if (offer != null) {
                        fleetTurns.outcome(offer, false); // cancelled meanwhile: the next in line tries it at once
                    }
                    throw e;
                }
                expires = tryHold(site, target, occasion, offer);
                if (expires == null) {
                    report.move(JobStatus.searching, Notice.slotTaken());
                    continue;
                }
            }
            if (confirmation.approved(occasion, expires) && payment.pay(site, target, occasion)) {
                return;
            }
        }
    }
}
