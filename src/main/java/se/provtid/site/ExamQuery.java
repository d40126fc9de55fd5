package se.provtid.site;

import se.provtid.job.ExamType;
import se.provtid.job.VehicleType;

/**
 * Who books which exam in which car, in the job's own terms: every search, hold and payment at the site is made for
 * one. The adapter maps these to the site's ids.
 *
 * @param person the logged-in person's personal number; never logged
 * @param licence the licence as the API names it ({@code B}, {@code A2}, ...)
 */
public record ExamQuery(String person, String licence, ExamType examType, VehicleType vehicle) {

    @Override
    public String toString() {
        // Never print the personal number.
        return "ExamQuery[licence=" + licence + ", examType=" + examType + ", vehicle=" + vehicle + "]";
    }
}
