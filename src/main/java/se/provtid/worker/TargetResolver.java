package se.provtid.worker;

import java.util.ArrayList;
import java.util.List;
import se.provtid.job.JobError;
import se.provtid.job.JobRequest;
import se.provtid.service.PlaceCatalog;
import se.provtid.site.BookingSite;
import se.provtid.site.Catalog;
import se.provtid.site.ExamQuery;
import se.provtid.site.LocationMatcher;

/** Resolves what a job books at the site, once per login: the exam, the places the person named, no hindrance. */
final class TargetResolver {

    private final JobRequest request;
    private final JobReporter report;
    private final SiteRetryPolicy retry;
    private final PlaceCatalog places;

    TargetResolver(JobRequest request, JobReporter report, SiteRetryPolicy retry, PlaceCatalog places) {
        this.places = places;
        this.request = request;
        this.report = report;
        this.retry = retry;
    }

    /** The job's target, or null when the job failed on it (no such exam or place, or the site forbids booking). */
    Target resolve(BookingSite site, String person) {
        ExamQuery exam = new ExamQuery(person, request.licenseType(), request.examType(), request.vehicleType());
        Catalog catalog = retry.retrying(() -> site.catalog(exam));
        if (!catalog.offersExam()) {
            report.fail(JobError.unknownExamType(request.examType().label(), request.licenseType()));
            return null;
        }
        places.learn(catalog.locations()); // the start's place check learns what the site lists
        LocationMatcher matcher = new LocationMatcher(catalog.locations());
        List<Long> ids = new ArrayList<>();
        for (String name : request.locations()) {
            Long id = matcher.find(name);
            if (id == null) {
                report.fail(JobError.unknownLocation(name, matcher.closest(name)));
                return null;
            }
            ids.add(id);
        }
        site.locateNear(ids.getFirst()); // the browser's position: near the job's first place
        String hindrance = retry.retrying(() -> site.bookingHindrance(exam));
        if (hindrance != null) {
            report.fail(JobError.bookingHindrance(hindrance));
            return null;
        }
        return new Target(exam, ids, request.dateRanges());
    }
}
