package se.provtid.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.provtid.job.JobError;
import se.provtid.job.JobRequest;
import se.provtid.job.Preferences;
import se.provtid.service.PlaceCatalog;
import se.provtid.site.BookingSite;
import se.provtid.site.Catalog;
import se.provtid.site.ExamQuery;
import se.provtid.site.LocationMatcher;

/**
 * Resolves what a job books at the site, once per login: the exam, the places the person named and those near their
 * point, no hindrance.
 */
final class TargetResolver {

    /**
     * Most places one job searches: the start request's own limit on named places. A point's places fill up to it,
     * the nearest first, so a wide {@code max_km} cannot make one job search the whole country.
     */
    static final int MAX_PLACES = 20;

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
        Preferences prefs = request.preferences();
        Map<Long, Double> km = prefs.near() == null ? Map.of() : distances(catalog, prefs.near());
        addNear(ids, km);
        if (ids.isEmpty()) {
            report.fail(JobError.noPlaceNear(prefs.near().lat(), prefs.near().lon(), prefs.near().maxKm()));
            return null;
        }
        if (prefs.ranking() == Preferences.Rank.nearest) {
            // The ranking reads the order: a place without coordinates is last, as if far away.
            ids.sort(Comparator.comparingDouble(id -> km.getOrDefault(id, Double.MAX_VALUE)));
        }
        site.locateNear(ids.getFirst()); // the browser's position: near the job's first place
        String hindrance = retry.retrying(() -> site.bookingHindrance(exam));
        if (hindrance != null) {
            report.fail(JobError.bookingHindrance(hindrance));
            return null;
        }
        return new Target(exam, List.copyOf(ids), request.dateRanges(), prefs);
    }

    /** The distance from the point to every place the site lists whose coordinates we know. */
    private Map<Long, Double> distances(Catalog catalog, Preferences.Near near) {
        Map<Long, Double> out = new HashMap<>();
        catalog.locations().forEach((name, id) -> {
            PlaceCatalog.Place p = places.find(name);
            if (p != null && p.latitude() != null && p.longitude() != null) {
                out.put(id, near.kmTo(p.latitude(), p.longitude()));
            }
        });
        return out;
    }

    /** Adds the places within the point's distance, the nearest first, to the named ones, up to {@link #MAX_PLACES}. */
    private void addNear(List<Long> ids, Map<Long, Double> km) {
        double max = request.preferences().near() == null ? -1 : request.preferences().near().maxKm();
        km.entrySet().stream().filter(e -> e.getValue() <= max && !ids.contains(e.getKey()))
                .sorted(Map.Entry.<Long, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, MAX_PLACES - ids.size())).forEach(e -> ids.add(e.getKey()));
    }
}
