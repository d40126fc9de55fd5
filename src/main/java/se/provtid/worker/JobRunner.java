package se.provtid.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import se.provtid.bankid.AnimatedQr;
import se.provtid.bankid.QrImage;
import se.provtid.browser.BrowserFleet;
import se.provtid.browser.BrowserGoneException;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.BookingResult;
import se.provtid.job.DateRange;
import se.provtid.job.Job;
import se.provtid.job.JobError;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.job.Slot;
import se.provtid.job.VehicleType;
import se.provtid.queue.JobStore;
import se.provtid.site.trafikverket.Occasion;
import se.provtid.site.trafikverket.QrStart;
import se.provtid.site.trafikverket.SearchInfo;
import se.provtid.site.trafikverket.SessionExpiredException;
import se.provtid.site.trafikverket.SiteException;
import se.provtid.site.trafikverket.TrafikverketAdapter;
import se.provtid.site.trafikverket.TrafikverketIds;
import se.provtid.site.trafikverket.TrafikverketSite;

/** Runs one claimed job to its end on this worker: log in, search, reserve, (await confirmation,) book. */
final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final int BATCH = 4;
    private static final int MAX_ATTEMPTS = 3;

    private final Job job;
    private final JobRequest request;
    private final JobStore store;
    private final BrowserFleet fleet;
    private final TrafikverketAdapter adapter;
    private final ProvtidConfig config;
    private final JobReporter report;
    private final WorkerPool.Lease lease;
    private long qrSequence;
    /** The logged-in person's personal number; kept in memory only, never logged. */
    private String person;

    JobRunner(Job job, JobStore store, BrowserFleet fleet, TrafikverketAdapter adapter, ProvtidConfig config,
            String workerId, WorkerPool.Lease lease) {
        this.job = job;
        this.request = job.request();
        this.store = store;
        this.fleet = fleet;
        this.adapter = adapter;
        this.config = config;
        this.report = new JobReporter(store, job, workerId);
        this.lease = lease;
    }

    void run() {
        try {
            report.move(JobStatus.starting, "Opening the booking site");
            try (BrowserSession browser = fleet.open()) {
                TrafikverketSite site = adapter.bind(browser);
                site.open();
                while (true) {
                    if (authenticate(site) == null) {
                        return;
                    }
                    try {
                        book(site, person);
                        return;
                    } catch (SessionExpiredException e) {
                        LOG.infof("job %s: site session ended, logging in again", job.id());
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
        String what = e instanceof BrowserGoneException ? "browser_unavailable"
                : e instanceof SiteException ? "site_error" : "internal_error";
        LOG.warnf("job %s attempt %d failed (%s): %s", job.id(), job.attempts(), what, e.toString());
        try {
            if (job.attempts() < MAX_ATTEMPTS) {
                report.requeue("Attempt " + job.attempts() + " failed (" + what + "); trying again");
            } else {
                report.fail(new JobError(what, "Gave up after " + job.attempts() + " attempts: " + e.getMessage()));
            }
        } catch (RuntimeException ignored) {
            // Cancelled meanwhile or Redis unreachable: the lease sweeper will hand the job back.
        }
    }

    /** Logs the person in with BankID, streaming a QR frame each second; returns their personal number or null. */
    private String authenticate(TrafikverketSite site) {
        if (site.isLoggedIn() && person != null) {
            return person; // the site session survived whatever interrupted the search
        }
        report.move(JobStatus.authenticating, "Waiting for BankID: scan the QR code");
        if (site.isLoggedIn()) {
            throw new SiteException(200, "the page is logged in, but not by this job");
        }
        QrStart start = site.beginLogin();
        Instant deadline = Instant.now().plus(config.worker().qrTimeout());
        String last = null;
        while (true) {
            lease.check();
            long now = System.currentTimeMillis();
            long second = AnimatedQr.elapsedSeconds(start.qrStartTime(), now);
            String payload = AnimatedQr.payload(start.qrStartToken(), start.qrStartSecret(), second);
            if (!payload.equals(last)) {
                Instant validUntil = Instant.ofEpochSecond(start.qrStartTime() + second + 1);
                report.emit(report.events().qr(payload, QrImage.dataUrl(payload), ++qrSequence, "computed", validUntil));
                last = payload;
            }
            if ("Completed".equals(site.collectionStatus()) || site.isLoggedIn()) {
                person = site.personalNumber(start);
                report.move(JobStatus.searching, "Logged in; searching for a slot");
                return person;
            }
            if ("Failed".equals(site.collectionStatus())) {
                report.fail(new JobError("bankid_failed", "The BankID login failed or was cancelled."));
                return null;
            }
            if (Instant.now().isAfter(deadline)) {
                report.expire("Nobody scanned the QR code within " + config.worker().qrTimeout().toSeconds() + " s.");
                return null;
            }
            // Wake just after the next whole second, when the next code becomes current.
            lease.sleep(Duration.ofMillis(1000 - System.currentTimeMillis() % 1000 + 5));
        }
    }

    private void book(TrafikverketSite site, String person) {
        int licenceId = TrafikverketIds.LICENCES.get(request.licenseType());
        SearchInfo info = site.searchInformation(person, licenceId, request.examType().label());
        if (info.examinationTypeId() == null) {
            report.fail(new JobError("unknown_exam_type", "The site offers no " + request.examType().label()
                    + " for licence " + request.licenseType() + "."));
            return;
        }
        int examTypeId = info.examinationTypeId();
        List<Long> locationIds = resolveLocations(info);
        if (locationIds == null) {
            return;
        }
        String hindrance = site.bookingHindrance(person, licenceId, examTypeId);
        if (hindrance != null) {
            report.fail(new JobError("booking_hindrance", hindrance));
            return;
        }
        int vehicle = request.vehicleType() == VehicleType.automatic ? TrafikverketIds.VEHICLE_AUTOMATIC
                : TrafikverketIds.VEHICLE_MANUAL;
        while (true) {
            lease.check();
            LocalDate today = LocalDate.now(SWEDEN);
            if (request.dateRanges().stream().allMatch(r -> r.end().isBefore(today))) {
                report.expire("Every requested date range has passed.");
                return;
            }
            Occasion best = findEarliest(site, person, licenceId, examTypeId, vehicle, locationIds, today);
            if (best == null) {
                lease.sleep(withJitter(config.worker().searchInterval()));
                continue;
            }
            if (reserveAndBook(site, person, licenceId, examTypeId, best)) {
                return;
            }
        }
    }

    private List<Long> resolveLocations(SearchInfo info) {
        LocationMatcher matcher = new LocationMatcher(info.locationIds());
        List<Long> ids = new ArrayList<>();
        for (String name : request.locations()) {
            Long id = matcher.find(name);
            if (id == null) {
                List<String> near = matcher.closest(name);
                report.fail(new JobError("unknown_location", "Unknown test location '" + name
                        + "'. Closest known: " + String.join(", ", near) + "."));
                return null;
            }
            ids.add(id);
        }
        return ids;
    }

    /** The earliest free occasion in any requested range, searching at most four locations per call. */
    private Occasion findEarliest(TrafikverketSite site, String person, int licenceId, int examTypeId, int vehicle,
            List<Long> locationIds, LocalDate today) {
        Occasion best = null;
        Comparator<Occasion> order = Comparator.comparing(Occasion::date).thenComparing(Occasion::time);
        for (int i = 0; i < locationIds.size(); i += BATCH) {
            List<Long> batch = locationIds.subList(i, Math.min(locationIds.size(), i + BATCH));
            for (DateRange range : request.dateRanges()) {
                if (range.end().isBefore(today)) {
                    continue;
                }
                LocalDate from = range.start().isBefore(today) ? today : range.start();
                for (Occasion o : site.search(person, licenceId, examTypeId, vehicle, batch, from)) {
                    if (inRanges(o.date()) && (best == null || order.compare(o, best) < 0)) {
                        best = o;
                    }
                }
                lease.check();
            }
        }
        return best;
    }

    private boolean inRanges(LocalDate day) {
        return request.dateRanges().stream().anyMatch(r -> r.contains(day));
    }

    /** Reserves the occasion and books it (after confirmation when asked); false means "search again". */
    private boolean reserveAndBook(TrafikverketSite site, String person, int licenceId, int examTypeId, Occasion o) {
        report.move(JobStatus.reserving, "Reserving " + o.locationName() + " " + o.date() + " " + o.time());
        String expires = site.reserve(person, licenceId, examTypeId, o);
        if (expires == null) {
            report.move(JobStatus.searching, "The slot was taken by someone else; searching again");
            return false;
        }
        Slot slot = new Slot(Long.toString(o.examinationId()), o.locationName(), o.date().toString(), o.time(),
                o.cost(), expires);
        if (!request.autoBook()) {
            report.move(JobStatus.awaiting_confirmation, "Holding " + o.locationName() + " " + o.date() + " "
                    + o.time() + " until " + expires + "; confirm to book", Map.of("held_slot", store.write(slot),
                    "confirm", ""), List.of(report.events().slotsFound(List.of(slot), true,
                    "Slot held; confirm to book it")));
            if (!awaitConfirmation(Instant.parse(expires))) {
                report.move(JobStatus.searching, "The hold lapsed without confirmation; searching again",
                        Map.of("held_slot", ""), List.of());
                return false;
            }
        } else {
            report.emit(report.events().slotsFound(List.of(slot), false, "Slot held; booking it"));
        }
        report.move(JobStatus.booking, "Booking " + o.locationName() + " " + o.date() + " " + o.time());
        // Spend only what is still held: a lapsed hold means the slot may be someone else's now.
        if (!site.activeReservations().containsKey(o.examinationId())) {
            report.move(JobStatus.searching, "The hold ended before payment; searching again",
                    Map.of("held_slot", ""), List.of());
            return false;
        }
        String bookingId = site.payByInvoice(person, licenceId, examTypeId);
        String confirmation = bookingId;
        try {
            JsonNode summary = site.summary(person, bookingId, licenceId);
            confirmation = summary.path("paymentReference").asText(bookingId);
        } catch (SiteException e) {
            LOG.warnf("job %s: booked %s but the summary failed: %s", job.id(), bookingId, e.getMessage());
        }
        BookingResult result = new BookingResult(bookingId, confirmation, o.date().toString(), o.time(),
                o.locationName());
        report.move(JobStatus.completed, "Booked " + o.locationName() + " " + o.date() + " " + o.time(),
                Map.of("result", store.write(result), "held_slot", ""), List.of(report.events().completed(result)));
        return true;
    }

    private boolean awaitConfirmation(Instant holdExpires) {
        while (Instant.now().isBefore(holdExpires)) {
            lease.check();
            if ("1".equals(store.field(job.id(), "confirm"))) {
                return true;
            }
            lease.sleep(Duration.ofMillis(500));
        }
        return false;
    }

    private static Duration withJitter(Duration base) {
        long ms = base.toMillis();
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(Math.max(1, ms / 4)));
    }
}
