package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An RFC 9457 problem document; extension members (field, rule, errors, ...) follow the standard ones. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://provtid.se/problems/";
    private static final Set<String> RESERVED = Set.of("type", "title", "status", "detail", "instance");

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Problem(String type, String title, int status, String detail) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
    }

    /** One invalid field: names the field and the rule it broke (a rule without parameters). */
    public static Problem badRequest(String field, String rule, String detail) {
        return badRequest(field, rule, detail, Map.of());
    }

    /** One invalid field: the field, the rule it broke and the rule's parameters (our own values only). */
    public static Problem badRequest(String field, String rule, String detail, Map<String, Object> params) {
        return invalid(List.of(new FieldError(field, rule, detail, params)));
    }

    /** Several invalid fields at once; the first one is named at the top level. */
    public static Problem invalid(List<FieldError> errors) {
        FieldError first = errors.getFirst();
        String detail = errors.size() == 1 ? first.detail()
                : first.detail() + " (and " + (errors.size() - 1) + " more problem" + (errors.size() > 2 ? "s" : "") + ")";
        return new Problem(BASE + "invalid-request", "Invalid request", 400, detail).with("field", first.field())
                .with("rule", first.rule()).with("params", first.params()).with("errors", errors);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(BASE + slug, title, status, detail);
    }

    /** Adds an extension member. */
    public Problem with(String name, Object value) {
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is a standard problem member, not an extension");
        }
        extensions.put(name, value);
        return this;
    }

    /** Adds a response header (e.g. Retry-After, WWW-Authenticate). */
    public Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public String getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    /** The HTTP response carrying this problem. */
    public Response toResponse() {
        Response.ResponseBuilder r = Response.status(status).type(MEDIA_TYPE).entity(this);
        headers.forEach(r::header);
        return r.build();
    }

    /** An exception that answers with this problem. */
    public WebApplicationException exception() {
        return new WebApplicationException(detail, toResponse());
    }

    /**
     * One broken rule of one field, with the rule's parameters for a page that says it in its own words: only values
     * of ours or the caller's (limits, allowed values, the caller's dates), never a library's message.
     */
    public record FieldError(String field, String rule, String detail, Map<String, Object> params) {

        public FieldError {
            params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** A rule without parameters. */
        public FieldError(String field, String rule, String detail) {
            this(field, rule, detail, Map.of());
        }
    }
}
