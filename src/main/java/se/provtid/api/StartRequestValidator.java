package se.provtid.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import se.provtid.api.Problem.FieldError;
import se.provtid.job.DateRange;
import se.provtid.job.EventType;
import se.provtid.job.ExamType;
import se.provtid.job.JobRequest;
import se.provtid.job.Licences;
import se.provtid.job.Preferences;
import se.provtid.job.Priority;
import se.provtid.job.VehicleType;
import se.provtid.webhook.WebhookConfig;

/** Checks a start request field by field and names every broken rule. */
@Singleton
public class StartRequestValidator {

    /** Where private webhook targets are not allowed (prod), plain http is not either. */
    private final boolean httpsOnly;

    @Inject
    public StartRequestValidator(WebhookConfig webhooks) {
        this(!webhooks.allowPrivate());
    }

    StartRequestValidator(boolean httpsOnly) {
        this.httpsOnly = httpsOnly;
    }

    public static final int MAX_LOCATIONS = 20;
    public static final int MAX_DATE_RANGES = 10;
    private static final int MAX_TEXT = 128;
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    /** The validated request, or a 400 problem listing what is wrong. */
    public JobRequest validate(StartRequest r) {
        if (r == null) {
            throw Problem.badRequest("body", "required", "A JSON body is required.").exception();
        }
        List<FieldError> errors = new ArrayList<>();
        String userId = text(errors, "user_id", r.userId());
        String licence = text(errors, "license_type", r.licenseType());
        if (licence != null && !Licences.NAMES.contains(licence)) {
            List<String> allowed = Licences.NAMES.stream().sorted().toList();
            errors.add(new FieldError("license_type", "one_of", "Field 'license_type' must be one of " + allowed
                    + ".", Map.of("allowed", allowed)));
        }
        ExamType exam = null;
        String examText = text(errors, "exam_type", r.examType());
        if (examText != null) {
            exam = ExamType.fromLabel(examText).orElse(null);
            if (exam == null) {
                errors.add(new FieldError("exam_type", "one_of", "Field 'exam_type' must be 'Körprov' or 'Kunskapsprov'.",
                        Map.of("allowed", Arrays.stream(ExamType.values()).map(ExamType::label).toList())));
            }
        }
        List<String> locations = locations(errors, r.locations(), r.near() != null);
        List<DateRange> ranges = ranges(errors, r.dateRanges());
        String webhook = webhook(errors, r.webhookUrl());
        Set<EventType> webhookEvents = webhookEvents(errors, r.webhookEvents());
        Priority priority = oneOf(errors, "priority", r.priority(), Priority.class, Priority.normal);
        VehicleType vehicle = oneOf(errors, "vehicle_type", r.vehicleType(), VehicleType.class, VehicleType.manual);
        Preferences preferences = PreferenceRules.check(errors, r, Instant.now());
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors).exception();
        }
        return new JobRequest(userId, licence, exam, locations, ranges, webhook,
                r.autoBook() != null && r.autoBook(), priority, vehicle, webhookEvents, preferences);
    }

    private static String text(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "required", "Field '" + field + "' is required."));
            return null;
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "format", "Field '" + field + "' must be at most " + MAX_TEXT
                    + " characters without control characters.", Map.of("max", MAX_TEXT)));
            return null;
        }
        return value.trim();
    }

    /** The named places; none is fine when {@code near} names a point (its places are searched instead). */
    private static List<String> locations(List<FieldError> errors, List<String> in, boolean near) {
        if ((in == null || in.isEmpty()) && near) {
            return List.of();
        }
        if (in == null || in.isEmpty()) {
            errors.add(new FieldError("locations", "required", "Field 'locations' must name at least one test location."));
            return List.of();
        }
        if (in.size() > MAX_LOCATIONS) {
            errors.add(new FieldError("locations", "max_items", "Field 'locations' may name at most "
                    + MAX_LOCATIONS + " locations (got " + in.size() + ").", Map.of("max", MAX_LOCATIONS)));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            String name = text(errors, "locations[" + i + "]", in.get(i));
            if (name != null && !seen.add(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError("locations[" + i + "]", "unique", "Location '" + name + "' is named twice.",
                        Map.of("value", name)));
            } else if (name != null) {
                out.add(name);
            }
        }
        return out;
    }

    private static List<DateRange> ranges(List<FieldError> errors, List<StartRequest.DateRangeBody> in) {
        if (in == null || in.isEmpty()) {
            errors.add(new FieldError("date_ranges", "required", "Field 'date_ranges' must hold at least one {start, end}."));
            return List.of();
        }
        if (in.size() > MAX_DATE_RANGES) {
            errors.add(new FieldError("date_ranges", "max_items", "Field 'date_ranges' may hold at most "
                    + MAX_DATE_RANGES + " ranges (got " + in.size() + ").", Map.of("max", MAX_DATE_RANGES)));
            return List.of();
        }
        LocalDate today = LocalDate.now(SWEDEN);
        List<DateRange> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String at = "date_ranges[" + i + "]";
            StartRequest.DateRangeBody b = in.get(i);
            if (b == null) {
                errors.add(new FieldError(at, "required", "Field '" + at + "' must be an object {start, end}."));
                continue;
            }
            LocalDate start = date(errors, at + ".start", b.start());
            LocalDate end = date(errors, at + ".end", b.end());
            if (start == null || end == null) {
                continue;
            }
            Map<String, Object> both = Map.of("start", start.toString(), "end", end.toString());
            if (start.isAfter(end)) {
                errors.add(new FieldError(at, "start_before_end", "In '" + at + "' start " + start
                        + " is after end " + end + ".", both));
            } else if (end.isBefore(today)) {
                errors.add(new FieldError(at, "not_past", "Range '" + at + "' (" + start + " to " + end
                        + ") lies wholly in the past.", both));
            } else {
                out.add(new DateRange(start, end));
            }
        }
        return out;
    }

    private static LocalDate date(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "required", "Field '" + field + "' is required (YYYY-MM-DD)."));
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "iso_date", "Field '" + field + "' must be an ISO date YYYY-MM-DD (got '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "')."));
            return null;
        }
    }

    private String webhook(List<FieldError> errors, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException e) {
            u = null;
        }
        String scheme = u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || value.length() > 2048) {
            errors.add(new FieldError("webhook_url", "http_url", "Field 'webhook_url' must be an absolute http(s) URL."));
            return null;
        }
        if (u.getRawUserInfo() != null) {
            // A password in a URL ends up in logs and dead letters; receivers verify our signature instead.
            errors.add(new FieldError("webhook_url", "no_userinfo",
                    "Field 'webhook_url' must not carry a user name or password."));
            return null;
        }
        if (httpsOnly && !scheme.equals("https")) {
            errors.add(new FieldError("webhook_url", "https", "Field 'webhook_url' must be an https URL."));
            return null;
        }
        return value;
    }

    private static Set<EventType> webhookEvents(List<FieldError> errors, List<String> values) {
        if (values == null) {
            return null;
        }
        Set<EventType> out = EnumSet.noneOf(EventType.class);
        for (String v : values) {
            EventType t = null;
            for (EventType e : EventType.values()) {
                if (e.name().equals(v)) {
                    t = e;
                }
            }
            if (t == null) {
                List<String> allowed = Arrays.stream(EventType.values()).map(Enum::name).toList();
                errors.add(new FieldError("webhook_events", "one_of", "Field 'webhook_events' may name only "
                        + allowed + ".", Map.of("allowed", allowed)));
                return null;
            }
            out.add(t);
        }
        return out;
    }

    private static <E extends Enum<E>> E oneOf(List<FieldError> errors, String field, String value, Class<E> type,
            E fallback) {
        if (value == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        errors.add(new FieldError(field, "one_of", "Field '" + field + "' must be one of " + allowed + ".",
                Map.of("allowed", allowed)));
        return fallback;
    }
}
