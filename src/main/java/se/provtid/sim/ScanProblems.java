package se.provtid.sim;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulated BankID app's refusals as RFC 9457 problem JSON, in the same shape as the API's problems. */
final class ScanProblems {

    private static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://provtid.se/problems/";

    private ScanProblems() {
    }

    /** One invalid field of the scan request: 400, naming the field and the rule it broke. */
    static WebApplicationException invalid(String field, String rule, String detail) {
        Map<String, Object> p = problem("invalid-request", "Invalid request", 400, detail);
        p.put("field", field);
        p.put("rule", rule);
        p.put("errors", List.of(Map.of("field", field, "rule", rule, "detail", detail)));
        return exception(p);
    }

    /** The app refuses the scanned code, for {@code reason} (bad_code, unknown_order, stale, ...). */
    static WebApplicationException refused(int status, String reason, String detail) {
        Map<String, Object> p = problem("bankid-" + reason.replace('_', '-'), "BankID scan refused", status, detail);
        p.put("reason", reason);
        return exception(p);
    }

    private static Map<String, Object> problem(String slug, String title, int status, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", BASE + slug);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return p;
    }

    private static WebApplicationException exception(Map<String, Object> problem) {
        return new WebApplicationException((String) problem.get("detail"),
                Response.status((int) problem.get("status")).type(MEDIA_TYPE).entity(problem).build());
    }
}
