package se.provtid.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import se.provtid.bankid.QrImage;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.BookingResult;
import se.provtid.job.DateRange;
import se.provtid.job.Job;
import se.provtid.job.JobError;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.job.Slot;
import se.provtid.queue.JobStore;
import se.provtid.queue.JobUpdate;
import se.provtid.queue.SitePacer;
import se.provtid.site.Booked;
import se.provtid.site.BookingSite;
import se.provtid.site.BookingSites;
import se.provtid.site.Catalog;
import se.provtid.site.ExamQuery;
import se.provtid.site.Hold;
import se.provtid.site.LoginStatus;
import se.provtid.site.Occasion;
import se.provtid.site.QrStart;
import se.provtid.site.SessionExpiredException;
import se.provtid.site.SiteException;

/**
 * Runs one claimed job on this worker: log in (or resume the saved site session), search, reserve,
 * (await confirmation,) book. Anything that spends (reserve, pay) first asks the site what already
 * exists, so a job resumed after a crash never books twice.
 */
final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final int BATCH = 4;
    private static final int MAX_ATTEMPTS = 3;
    private static final int MAX_PAY_TRIES = 3;

    /** What the job needs from the site, resolved once per login. */
    private record Target(ExamQuery exam, List<Long> locationIds) {
    }

    private final Job job;
    private final JobRequest request;
    private final JobStore store;
    private final BrowserFleet fleet;
    private final BookingSites sites;
    private final SessionVault vault;
    private final SitePacer pacer;
    private final ProvtidConfig config;
    private final JobReporter report;
    private final WorkerPool.Lease lease;
    private long qrSequence;
    /** The logged-in person's personal number; never logged. */
    private String person;

    JobRunner(Job job, WorkerContext ctx, WorkerPool.Lease lease) {
        this.job = job;
        this.request = job.request();
        this.store = ctx.store();
        this.fleet = ctx.fleet();
        this.sites = ctx.sites();
        this.vault = ctx.vault();
        this.pacer = ctx.pacer();
        this.config = ctx.config();
        this.report = new JobReporter(store, job, ctx.workerId(), ctx.metrics());
        this.lease = lease;
    }

    void run() {
        try {
            report.move(JobStatus.starting, "Opening the booking site");
            SessionVault.Saved saved = vault.load(job.id());
            try (BrowserSession browser = fleet.open(saved == null ? null : saved.storageState())) {
                BookingSite site = sites.open(browser);
                if (saved != null) {
                    person = saved.person();
                }
                while (true) {
                    if (!authenticate(site, browser)) {
                        return;
                    }
                    try {
                        book(site);
                        return;
                    } catch (SessionExpiredException e) {
                        LOG.infof("job %s: the site session ended; a new login is needed", job.id());
                        person = null;
                        report.save(SessionVault.cleared());
                        site.reload();
                    }
                }
            }
        } catch (JobAbortedException e) {
            LOG.infof("job %s stopped on this worker: %s", job.id(), e.getMessage());
        } catch (RuntimeException e) {
            giveBackOrFail(e);
        }
    }

    private void giveBackOrFail(RuntimeException e) {
        AttemptFailure why = AttemptFailure.of(e);
        LOG.warnf("job %s attempt %d failed (%s): %s", job.id(), job.attempts(), why.code(), why.detail());
        try {
            if (job.attempts() < MAX_ATTEMPTS) {
                report.requeue("Attempt " + job.attempts() + " failed (" + why.code() + "); trying again");
            } else {
                report.fail(new JobError(why.code(), "Gave up after " + job.attempts() + " attempts: " + why.detail()));
            }
        } catch (RuntimeException ignored) {
            // Cancelled meanwhile or Redis unreachable: the lease sweeper hands the job back.
        }
    }

    /**
     * Makes sure the person is logged in: keeps a live site session, else streams a BankID QR frame each
     * second until they scan it. False when the job ended instead (expired, failed, cancelled).
     */
    private boolean authenticate(BookingSite site, BrowserSession browser) {
        if (person != null && site.isLoggedIn()) {
            report.move(JobStatus.searching, "Logged in; searching for a slot");
            if (config.browser().parkPages()) {
                browser.park();
            }
            return true;
        }
        report.move(JobStatus.authenticating, "Waiting for BankID: scan the QR code");
        waitWhileUpdating(site);
        if (site.isLoggedIn()) {
            throw new SiteException(200, "the page is logged in, but not by this job");
        }
        QrStart start = site.beginLogin();
        Instant deadline = Instant.now().plus(config.worker().qrTimeout());
        QrFrames frames = new QrFrames(start, site::interceptedQrCode,
                site::qrCanvasPng);
        while (true) {
            lease.check();
            QrFrames.Frame frame = frames.next(System.currentTimeMillis());
            if (frame != null) {
                report.emit(report.events().qr(frame.payload(), QrImage.dataUrl(frame.payload()), ++qrSequence,
                        frame.source(), frame.validUntil()));
            }
            if (site.loginStatus() == LoginStatus.COMPLETED || site.isLoggedIn()) {
                person = site.personalNumber(start);
                JobUpdate fields = vault.seal(new SessionVault.Saved(site.storageState(), person));
                report.move(JobStatus.searching, "Logged in; searching for a slot", fields, List.of());
                if (config.browser().parkPages()) {
                    browser.park(); // searching needs only the context's cookies, not a renderer
                }
                return true;
            }
            if (site.loginStatus() == LoginStatus.FAILED) {
                report.fail(new JobError("bankid_failed", "The BankID login failed or was cancelled."));
                return false;
            }
            if (Instant.now().isAfter(deadline)) {
                report.expire("Nobody scanned the QR code within " + config.worker().qrTimeout().toSeconds() + " s.");
                return false;
            }
            // Computed: wake just after the next whole second, when the next code becomes current.
            lease.sleep(frames.untilNext(System.currentTimeMillis()));
        }
    }

    private void book(BookingSite site) {
        Target target = resolve(site);
        if (target == null || finishEarlierPayment(site, target)) {
            return;
        }
        while (true) {
            lease.check();
            LocalDate today = LocalDate.now(SWEDEN);
            if (request.dateRanges().stream().allMatch(r -> r.end().isBefore(today))) {
                report.expire("Every requested date range has passed.");
                return;
            }
            waitWhileUpdating(site);
            Hold hold = ownHold(site, target);
            Occasion occasion;
            String expires;
            if (hold != null) {
                // A hold this job made before it was interrupted: use it rather than reserve another slot.
                occasion = hold.occasion();
                expires = hold.expires();
                report.move(JobStatus.reserving, "Resuming the hold on " + describe(occasion));
            } else {
                occasion = findEarliest(site, target, today);
                if (occasion == null) {
                    lease.sleep(withJitter(config.worker().searchInterval()));
                    continue;
                }
                report.move(JobStatus.reserving, "Reserving " + describe(occasion));
                expires = reserve(site, target, occasion);
                if (expires == null) {
                    report.move(JobStatus.searching, "The slot was taken by someone else; searching again");
                    continue;
                }
            }
            if (bookHeld(site, target, occasion, expires)) {
                return;
            }
        }
    }

    /** Licence, exam type, vehicle and location ids for this job, or null when the job failed on them. */
    private Target resolve(BookingSite site) {
        ExamQuery exam = new ExamQuery(person, request.licenseType(), request.examType(), request.vehicleType());
        Catalog catalog = retrying(() -> site.catalog(exam));
        if (!catalog.offersExam()) {
            report.fail(new JobError("unknown_exam_type", "The site offers no " + request.examType().label()
                    + " for licence " + request.licenseType() + "."));
            return null;
        }
        LocationMatcher matcher = new LocationMatcher(catalog.locations());
        List<Long> ids = new ArrayList<>();
        for (String name : request.locations()) {
            Long id = matcher.find(name);
            if (id == null) {
                report.fail(new JobError("unknown_location", "Unknown test location '" + name
                        + "'. Closest known: " + String.join(", ", matcher.closest(name)) + "."));
                return null;
            }
            ids.add(id);
        }
        site.locateNear(ids.getFirst()); // the browser's position: near the job's first place
        String hindrance = retrying(() -> site.bookingHindrance(exam));
        if (hindrance != null) {
            report.fail(new JobError("booking_hindrance", hindrance));
            return null;
        }
        return new Target(exam, ids);
    }

    /** A payment this job started before an interruption may have gone through: if so, report that booking. */
    private boolean finishEarlierPayment(BookingSite site, Target target) {
        Long examinationId = store.payingExamination(job.id());
        if (examinationId == null) {
            return false;
        }
        Booked booked = findBooked(site, examinationId);
        if (booked == null) {
            report.save(JobUpdate.of().clearPaying());
            return false;
        }
        report.move(JobStatus.booking, "Found the booking paid before the interruption");
        complete(site, target, booked.occasion(), booked.bookingId());
        return true;
    }

    private Booked findBooked(BookingSite site, long examinationId) {
        return retrying(site::bookedExams).stream().filter(b -> b.occasion().examinationId() == examinationId)
                .findFirst().orElse(null);
    }

    /** A hold the person has that fits this job (place and dates), or null. */
    private Hold ownHold(BookingSite site, Target target) {
        if (!store.holdsSlot(job.id())) {
            return null; // this job never reserved anything
        }
        return retrying(site::holds).stream()
                .filter(h -> target.locationIds().contains(h.occasion().locationId()) && inRanges(h.occasion().date()))
                .findFirst().orElse(null);
    }

    /** The earliest free occasion in any requested range, searching at most four locations per call. */
    private Occasion findEarliest(BookingSite site, Target target, LocalDate today) {
        Occasion best = null;
        Comparator<Occasion> order = Comparator.comparing(Occasion::date).thenComparing(Occasion::time);
        List<Long> ids = target.locationIds();
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<Long> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
            for (DateRange range : request.dateRanges()) {
                if (range.end().isBefore(today)) {
                    continue;
                }
                LocalDate from = range.start().isBefore(today) ? today : range.start();
                for (Occasion o : retrying(() -> site.search(target.exam(), batch, from))) {
                    if (inRanges(o.date()) && (best == null || order.compare(o, best) < 0)) {
                        best = o;
                    }
                }
            }
        }
        return best;
    }

    /** Holds the occasion; never retried blindly: after an unclear failure the site's holds decide. */
    private String reserve(BookingSite site, Target target, Occasion o) {
        try {
            String expires = site.reserve(target.exam(), o);
            if (expires != null) {
                report.save(JobUpdate.of().heldSlot(slot(o, expires)));
            }
            return expires;
        } catch (SiteException e) {
            if (!e.isTransient()) {
                throw e;
            }
            Hold hold = retrying(site::holds).stream()
                    .filter(h -> h.occasion().examinationId() == o.examinationId()).findFirst().orElse(null);
            if (hold != null) {
                report.save(JobUpdate.of().heldSlot(slot(o, hold.expires())));
            }
            return hold == null ? null : hold.expires();
        }
    }

    /** Books a held slot (after confirmation when asked); false means "search again". */
    private boolean bookHeld(BookingSite site, Target target, Occasion o, String expires) {
        Slot slot = slot(o, expires);
        if (!request.autoBook()) {
            report.move(JobStatus.awaiting_confirmation, "Holding " + describe(o) + " until " + expires
                    + "; confirm to book", JobUpdate.of().heldSlot(slot),
                    List.of(report.events().slotsFound(List.of(slot), true, "Slot held; confirm to book it")));
            if (!awaitConfirmation(Instant.parse(expires))) {
                report.move(JobStatus.searching, "The hold lapsed without confirmation; searching again",
                        JobUpdate.of().clearHeldSlot().clearConfirm(), List.of());
                return false;
            }
        } else {
            report.emit(report.events().slotsFound(List.of(slot), false, "Slot held; booking it"));
        }
        report.move(JobStatus.booking, "Booking " + describe(o));
        for (int tries = 0; tries < MAX_PAY_TRIES; tries++) {
            // Spend only what is still held: a lapsed hold may be someone else's slot by now.
            boolean held = retrying(site::holds).stream()
                    .anyMatch(h -> h.occasion().examinationId() == o.examinationId());
            if (!held) {
                report.move(JobStatus.searching, "The hold ended before payment; searching again",
                        JobUpdate.of().clearHeldSlot(), List.of());
                return false;
            }
            report.save(JobUpdate.of().paying(o.examinationId()));
            try {
                complete(site, target, o, site.pay(target.exam()));
                return true;
            } catch (SiteException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                // The payment may have gone through even though the answer did not reach us.
                Booked booked = findBooked(site, o.examinationId());
                if (booked != null) {
                    complete(site, target, o, booked.bookingId());
                    return true;
                }
                backOff(e, tries + 1);
            }
        }
        throw new SiteException(0, "the invoice payment kept failing");
    }

    private void complete(BookingSite site, Target target, Occasion o, String bookingId) {
        String confirmation = bookingId;
        try {
            confirmation = site.confirmationNumber(target.exam(), bookingId);
        } catch (SiteException e) {
            LOG.warnf("job %s: booked, but the summary failed: %s", job.id(), e.getMessage());
        }
        BookingResult result = new BookingResult(bookingId, confirmation, o.date().toString(), o.time(),
                o.locationName());
        report.move(JobStatus.completed, "Booked " + describe(o), JobUpdate.of().result(result).clearHeldSlot()
                .clearPaying().clearSiteSession(), List.of(report.events().completed(result)));
    }

    private boolean awaitConfirmation(Instant holdExpires) {
        while (Instant.now().isBefore(holdExpires)) {
            lease.check();
            if (store.confirmRequested(job.id())) {
                return true;
            }
            lease.sleep(Duration.ofMillis(500));
        }
        return false;
    }

    /** Waits while the site says it is being updated (maintenance); nothing works there meanwhile. */
    private void waitWhileUpdating(BookingSite site) {
        boolean told = false;
        while (retrying(site::isSystemUpdating)) {
            if (!told) {
                report.note("The booking site is updating; waiting");
                told = true;
            }
            lease.sleep(withJitter(config.site().maxBackoff()));
        }
    }

    /** Runs a read-only site call, waiting out timeouts, maintenance and blocks with backoff and jitter. */
    private <T> T retrying(Supplier<T> call) {
        for (int failures = 1; ; failures++) {
            lease.check();
            try {
                return call.get();
            } catch (SiteException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                backOff(e, failures);
            }
        }
    }

    /** Waits after a transient failure; a block (403/429) pauses the whole fleet, not only this job. */
    private void backOff(SiteException e, int failures) {
        Duration wait;
        if (e.isBlocked()) {
            wait = config.site().blockedBackoff().multipliedBy(1L << Math.min(failures - 1, 4));
            pacer.pauseFleet(wait);
            report.note("The booking site asked us to slow down (HTTP " + e.status() + "); every worker pauses "
                    + wait.toSeconds() + " s");
        } else {
            long ms = Math.min(config.site().maxBackoff().toMillis(), 1000L << Math.min(failures - 1, 16));
            wait = withJitter(Duration.ofMillis(ms));
            if (failures == 1 || failures % 5 == 0) {
                report.note("The booking site is not answering well (" + e.getMessage() + "); retrying");
            }
        }
        lease.sleep(wait);
    }

    private boolean inRanges(LocalDate day) {
        return request.dateRanges().stream().anyMatch(r -> r.contains(day));
    }

    private static Slot slot(Occasion o, String expires) {
        return new Slot(Long.toString(o.examinationId()), o.locationName(), o.date().toString(), o.time(), o.cost(),
                expires);
    }

    private static String describe(Occasion o) {
        return o.locationName() + " " + o.date() + " " + o.time();
    }

    private static Duration withJitter(Duration base) {
        long ms = base.toMillis();
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(Math.max(1, ms / 4)));
    }
}
