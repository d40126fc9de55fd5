package se.provtid.api;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import se.provtid.api.Problem.FieldError;
import se.provtid.job.Preferences;

/** Checks the optional preferences of a start request, naming the field and the rule of every mistake. */
final class PreferenceRules {

    static final Duration MAX_NOTICE = Duration.ofDays(90);
    static final double MIN_KM = 1;
    static final double MAX_KM = 500;
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final List<String> WEEKDAYS = Arrays.stream(DayOfWeek.values()).map(Preferences::wireName)
            .toList();
    private static final List<String> RANKS = Arrays.stream(Preferences.Rank.values()).map(Enum::name).toList();
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    /** Longer values are cut in messages: the caller's text is echoed only briefly. */
    private static final int ECHO = 40;

    private PreferenceRules() {
    }

    /** The validated preferences ({@link Preferences#NONE} when none were sent); mistakes go to {@code errors}. */
    static Preferences check(List<FieldError> errors, StartRequest r, Instant now) {
        Set<DayOfWeek> weekdays = weekdays(errors, r.weekdays());
        Preferences.Times times = times(errors, r.times());
        Duration notice = notice(errors, r.minNotice());
        Preferences.Near near = near(errors, r.near());
        Preferences.Rank rank = rank(errors, r.rank(), r.near() != null);
        LocalDate today = LocalDate.ofInstant(now, SWEDEN);
        LocalDate before = bookBefore(errors, r.bookBefore(), today);
        Instant until = watchUntil(errors, r.watchUntil(), now);
        return new Preferences(weekdays, times, notice, near, rank, before, until);
    }

    private static Set<DayOfWeek> weekdays(List<FieldError> errors, List<String> in) {
        if (in == null) {
            return null;
        }
        if (in.isEmpty() || in.size() > WEEKDAYS.size()) {
            errors.add(new FieldError("weekdays", in.isEmpty() ? "min_items" : "max_items", "Field 'weekdays' must "
                    + "name 1 to 7 days (got " + in.size() + ").", Map.of("min", 1, "max", WEEKDAYS.size())));
            return null;
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < in.size(); i++) {
            String at = "weekdays[" + i + "]";
            DayOfWeek d = in.get(i) == null ? null : Preferences.weekday(in.get(i));
            if (d == null) {
                errors.add(new FieldError(at, "one_of", "Field '" + at + "' must be one of " + WEEKDAYS + ".",
                        Map.of("allowed", WEEKDAYS)));
            } else if (!out.add(d)) {
                errors.add(new FieldError(at, "unique", "Day '" + in.get(i) + "' is named twice in 'weekdays'.",
                        Map.of("value", in.get(i))));
            }
        }
        return out;
    }

    private static Preferences.Times times(List<FieldError> errors, StartRequest.TimesBody in) {
        if (in == null) {
            return null;
        }
        LocalTime earliest = hhmm(errors, "times.earliest", in.earliest());
        LocalTime latest = hhmm(errors, "times.latest", in.latest());
        if (earliest != null && latest != null && earliest.isAfter(latest)) {
            errors.add(new FieldError("times", "earliest_before_latest", "In 'times' earliest " + in.earliest()
                    + " is after latest " + in.latest() + ".", Map.of("earliest", in.earliest(), "latest",
                            in.latest())));
            return null;
        }
        return earliest == null && latest == null ? null : new Preferences.Times(earliest, latest);
    }

    private static LocalTime hhmm(List<FieldError> errors, String field, String value) {
        if (value == null) {
            return null;
        }
        if (!HH_MM.matcher(value).matches()) {
            errors.add(new FieldError(field, "hh_mm", "Field '" + field + "' must be a time of day HH:MM, e.g. "
                    + "08:00 (got '" + echo(value) + "')."));
            return null;
        }
        return LocalTime.parse(value);
    }

    private static Duration notice(List<FieldError> errors, String value) {
        if (value == null) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("min_notice", "iso_duration", "Field 'min_notice' must be an ISO-8601 "
                    + "duration such as PT48H or P2D (got '" + echo(value) + "')."));
            return null;
        }
        if (d.isNegative() || d.compareTo(MAX_NOTICE) > 0) {
            errors.add(new FieldError("min_notice", "range", "Field 'min_notice' must lie from PT0S to P90D (got "
                    + echo(value) + ").", Map.of("min", "PT0S", "max", "P90D")));
            return null;
        }
        return d;
    }

    private static Preferences.Near near(List<FieldError> errors, StartRequest.NearBody in) {
        if (in == null) {
            return null;
        }
        Double lat = within(errors, "near.lat", in.lat(), -90, 90);
        Double lon = within(errors, "near.lon", in.lon(), -180, 180);
        Double km = within(errors, "near.max_km", in.maxKm(), MIN_KM, MAX_KM);
        return lat == null || lon == null || km == null ? null : new Preferences.Near(lat, lon, km);
    }

    private static Double within(List<FieldError> errors, String field, Double value, double min, double max) {
        if (value == null) {
            errors.add(new FieldError(field, "required", "Field '" + field + "' is required."));
            return null;
        }
        if (value.isNaN() || value < min || value > max) {
            errors.add(new FieldError(field, "range", "Field '" + field + "' must lie from " + num(min) + " to "
                    + num(max) + ".", Map.of("min", num(min), "max", num(max))));
            return null;
        }
        return value;
    }

    private static Number num(double v) {
        return v == Math.rint(v) ? (Number) (long) v : (Number) v;
    }

    private static Preferences.Rank rank(List<FieldError> errors, String value, boolean nearSent) {
        if (value == null) {
            return null;
        }
        Preferences.Rank rank = RANKS.contains(value) ? Preferences.Rank.valueOf(value) : null;
        if (rank == null) {
            errors.add(new FieldError("rank", "one_of", "Field 'rank' must be one of " + RANKS + ".",
                    Map.of("allowed", RANKS)));
        } else if (rank == Preferences.Rank.nearest && !nearSent) {
            errors.add(new FieldError("rank", "requires_near", "Field 'rank' 'nearest' needs 'near': the point "
                    + "distances are measured from."));
            return null;
        }
        return rank;
    }

    private static LocalDate bookBefore(List<FieldError> errors, String value, LocalDate today) {
        if (value == null) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("book_before", "iso_date", "Field 'book_before' must be an ISO date "
                    + "YYYY-MM-DD (got '" + echo(value) + "')."));
            return null;
        }
        if (!d.isAfter(today)) {
            // Only slots strictly before it are taken: today or earlier leaves nothing that could still be booked.
            errors.add(new FieldError("book_before", "future", "Field 'book_before' must be after today ("
                    + today + ").", Map.of("today", today.toString())));
            return null;
        }
        return d;
    }

    private static Instant watchUntil(List<FieldError> errors, String value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant at = instantOrDay(value);
        if (at == null) {
            errors.add(new FieldError("watch_until", "iso_date", "Field 'watch_until' must be an ISO date "
                    + "YYYY-MM-DD or instant such as 2027-02-15T18:00:00Z (got '" + echo(value) + "')."));
            return null;
        }
        if (!at.isAfter(now)) {
            errors.add(new FieldError("watch_until", "future", "Field 'watch_until' must lie in the future."));
            return null;
        }
        return at;
    }

    /** An instant as sent, or a date's end (the start of the next day in Swedish time): the watch lasts that day. */
    private static Instant instantOrDay(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value).plusDays(1).atStartOfDay(SWEDEN).toInstant();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String echo(String value) {
        return value.length() > ECHO ? value.substring(0, ECHO) + "…" : value;
    }
}
