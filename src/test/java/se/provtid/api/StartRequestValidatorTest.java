package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.WebApplicationException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.provtid.api.Problem.FieldError;
import se.provtid.api.StartRequest.DateRangeBody;
import se.provtid.job.DateRange;
import se.provtid.job.ExamType;
import se.provtid.job.JobRequest;
import se.provtid.job.Priority;
import se.provtid.job.VehicleType;

/** The start request validator on its own: defaults for a valid request, and every error listed at once. */
class StartRequestValidatorTest {

    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private final StartRequestValidator validator = new StartRequestValidator(false);

    private static String day(int fromToday) {
        return LocalDate.now(SWEDEN).plusDays(fromToday).toString();
    }

    private static StartRequest valid() {
        return new StartRequest("user-1", "B", "Körprov", List.of("Uppsala"),
                List.of(new DateRangeBody(day(10), day(40))), null, null, null, null, null);
    }

    @Test
    void validRequestGetsDefaults() {
        JobRequest j = validator.validate(valid());
        assertEquals("user-1", j.userId());
        assertEquals("B", j.licenseType());
        assertEquals(ExamType.KORPROV, j.examType());
        assertEquals(List.of("Uppsala"), j.locations());
        assertEquals(List.of(new DateRange(LocalDate.parse(day(10)), LocalDate.parse(day(40)))), j.dateRanges());
        assertNull(j.webhookUrl());
        assertFalse(j.autoBook());
        assertEquals(Priority.normal, j.priority());
        assertEquals(VehicleType.manual, j.vehicleType());
    }

    @Test
    void explicitValuesAreKept() {
        StartRequest r = new StartRequest(" user-2 ", "BE", "kunskapsprov", List.of("Uppsala", "Solna"),
                List.of(new DateRangeBody(day(-5), day(5))), "https://hooks.example/x", true, "high", "automatic", null);
        JobRequest j = validator.validate(r);
        assertEquals("user-2", j.userId());
        assertEquals(ExamType.KUNSKAPSPROV, j.examType());
        assertEquals(List.of("Uppsala", "Solna"), j.locations());
        assertEquals("https://hooks.example/x", j.webhookUrl());
        assertTrue(j.autoBook());
        assertEquals(Priority.high, j.priority());
        assertEquals(VehicleType.automatic, j.vehicleType());
    }

    @Test
    void nullRequestIsRequired() {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> validator.validate(null));
        Problem p = (Problem) e.getResponse().getEntity();
        assertEquals(400, p.getStatus());
        assertEquals("body", p.getExtensions().get("field"));
        assertEquals("required", p.getExtensions().get("rule"));
    }

    @Test
    void everyErrorIsListed() {
        StartRequest r = new StartRequest(null, "Q", "Flygprov", List.of(),
                List.of(new DateRangeBody("2026-13-45", day(3)), new DateRangeBody(day(40), day(10)),
                        new DateRangeBody(day(-40), day(-10))),
                "ftp://x.example", null, "urgent", "hovercraft", null);
        Problem p = problemOf(r);
        assertEquals(400, p.getStatus());
        Map<String, String> rules = errors(p).stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::rule, (a, b) -> a + "," + b));
        assertEquals(Map.of(
                "user_id", "required",
                "license_type", "one_of",
                "exam_type", "one_of",
                "locations", "required",
                "date_ranges[0].start", "iso_date",
                "date_ranges[1]", "start_before_end",
                "date_ranges[2]", "not_past",
                "webhook_url", "http_url",
                "priority", "one_of",
                "vehicle_type", "one_of"), rules);
        // The first error is named at the top level, and the detail says how many more there are.
        assertEquals("user_id", p.getExtensions().get("field"));
        assertEquals("required", p.getExtensions().get("rule"));
        assertTrue(p.getDetail().contains("9 more problems"), p.getDetail());
        for (FieldError e : errors(p)) {
            assertFalse(e.detail() == null || e.detail().isBlank(), e.toString());
        }
    }

    @Test
    void eachRuleCarriesTheParamsAPageNeedsToSayItInItsOwnLanguage() {
        StartRequest r = new StartRequest(null, "Q", "Flygprov", List.of(),
                List.of(new DateRangeBody(day(40), day(10)), new DateRangeBody(day(-40), day(-10))), null, null,
                null, null, null);
        Map<String, Map<String, Object>> params = errors(problemOf(r)).stream()
                .collect(Collectors.toMap(e -> e.field() + ":" + e.rule(), FieldError::params));
        assertEquals(Map.of(), params.get("user_id:required"));
        assertTrue(((List<?>) params.get("license_type:one_of").get("allowed")).contains("B"), params.toString());
        assertEquals(List.of("Körprov", "Kunskapsprov"), params.get("exam_type:one_of").get("allowed"));
        assertEquals(Map.of("start", day(40), "end", day(10)), params.get("date_ranges[0]:start_before_end"));
        assertEquals(Map.of("start", day(-40), "end", day(-10)), params.get("date_ranges[1]:not_past"));
        // The first error's params are also at the top level, beside its field and rule.
        assertEquals(Map.of(), problemOf(r).getExtensions().get("params"));
    }

    @Test
    void listLimitsAndItemsAreChecked() {
        List<String> many = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "Plats " + i).toList();
        List<DateRangeBody> ranges = java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> new DateRangeBody(day(10 + i), day(11 + i))).toList();
        Problem p = problemOf(new StartRequest("u", "B", "Körprov", many, ranges, null, null, null, null, null));
        assertEquals(Set.of("locations:max_items", "date_ranges:max_items"), keys(p));

        Problem dup = problemOf(new StartRequest("u", "B", "Körprov", java.util.Arrays.asList("Uppsala", "uppsala", " "),
                java.util.Arrays.asList(new DateRangeBody(day(1), day(2)), null), "not a url", null, null, null, null));
        assertEquals(Set.of("locations[1]:unique", "locations[2]:required", "date_ranges[1]:required",
                "webhook_url:http_url"), keys(dup));
    }

    @Test
    void overlongAndControlCharactersAreRefused() {
        Problem p = problemOf(new StartRequest("x".repeat(129), "B\n", "Körprov", List.of("Uppsala"),
                List.of(new DateRangeBody(day(1), day(2))), null, null, null, null, null));
        assertEquals(Set.of("user_id:format", "license_type:format"), keys(p));
    }

    @Test
    void enumsAreCaseSensitiveButExamTypeIsNot() {
        Problem p = problemOf(new StartRequest("u", "b", "KÖRPROV", List.of("Uppsala"),
                List.of(new DateRangeBody(day(1), day(2))), null, null, "HIGH", "Manual", null));
        assertEquals(Set.of("license_type:one_of", "priority:one_of", "vehicle_type:one_of"), keys(p));
    }

    @Test
    void aWebhookUrlCarriesNoPasswordAndIsHttpsWherePrivateTargetsAreRefused() {
        StartRequestValidator prod = new StartRequestValidator(true);
        Problem userinfo = problemOf(withWebhook("https://user:pw@hooks.example.se/x", null));
        assertEquals(Set.of("webhook_url:no_userinfo"), keys(userinfo));
        WebApplicationException e = assertThrows(WebApplicationException.class,
                () -> prod.validate(withWebhook("http://hooks.example.se/x", null)));
        assertEquals(Set.of("webhook_url:https"), keys((Problem) e.getResponse().getEntity()));
        assertEquals("https://hooks.example.se/x", prod.validate(withWebhook("https://hooks.example.se/x", null))
                .webhookUrl());
        assertEquals("http://127.0.0.1:9/x", validator.validate(withWebhook("http://127.0.0.1:9/x", null)).webhookUrl(),
                "plain http stays allowed where private targets are (dev, demo)");
    }

    @Test
    void webhookEventsNameEventTypesAndLeaveOutQrByDefault() {
        assertEquals(null, validator.validate(valid()).webhookEvents(), "absent: the default set applies");
        assertEquals(false, se.provtid.job.JobRequest.DEFAULT_WEBHOOK_EVENTS.contains(
                se.provtid.job.EventType.qr_code_update));
        assertEquals(Set.of(se.provtid.job.EventType.qr_code_update, se.provtid.job.EventType.job_failed),
                validator.validate(withWebhook("https://h.example.se/", List.of("qr_code_update", "job_failed")))
                        .webhookEvents());
        assertEquals(Set.of("webhook_events:one_of"), keys(problemOf(withWebhook("https://h.example.se/",
                List.of("qr_code_update", "everything")))));
    }

    private static StartRequest withWebhook(String url, List<String> events) {
        return new StartRequest("user-1", "B", "Körprov", List.of("Uppsala"),
                List.of(new DateRangeBody(day(10), day(40))), url, null, null, null, events);
    }

    private Problem problemOf(StartRequest r) {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> validator.validate(r));
        assertEquals(400, e.getResponse().getStatus());
        assertEquals(Problem.MEDIA_TYPE, e.getResponse().getMediaType().toString());
        return (Problem) e.getResponse().getEntity();
    }

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(Problem p) {
        return (List<FieldError>) p.getExtensions().get("errors");
    }

    private static Set<String> keys(Problem p) {
        return errors(p).stream().map(e -> e.field() + ":" + e.rule()).collect(Collectors.toSet());
    }
}
