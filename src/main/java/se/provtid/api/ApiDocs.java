package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Parts of the OpenAPI document (served at /q/openapi): the schemas of the problem document and of the stream's
 * events, and an example of each event. Its title and security schemes are declared on {@link BookingResource}.
 */
public final class ApiDocs {

    public static final String BEARER = "bearer";
    public static final String STREAM_TOKEN = "streamToken";
    public static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    private ApiDocs() {
    }

    /** The schema of {@link Problem} as it is written: the RFC 9457 members and the extensions we use. */
    @Schema(name = "Problem", description = "An RFC 9457 problem document. 'field' and 'rule' name the request part "
            + "and the rule it broke; other extensions (job_id, active_job_id, job_status, ...) depend on the type.")
    public record ProblemDoc(
            @Schema(required = true, example = "https://provtid.se/problems/invalid-request") String type,
            @Schema(required = true, example = "Invalid request") String title,
            @Schema(required = true, example = "400") int status,
            @Schema(example = "Field 'locations' must name at least one test location.") String detail,
            @Schema(description = "The request field, header or parameter at fault", example = "locations")
            String field,
            @Schema(description = "The rule it broke", example = "required") String rule,
            @Schema(description = "The rule's parameters (docs/api.md, problem rules): values of ours or the "
                    + "caller's, for a page that says the problem in its own language", example = "{}")
            Map<String, Object> params,
            @Schema(description = "Every invalid field, for 400 invalid-request: {field, rule, detail, params}")
            List<Problem.FieldError> errors) {
    }

    /** The envelope of every event, on the stream and in webhooks. */
    @Schema(name = "Event", description = "One event: the SSE 'data' line (the SSE 'event' is event_type, 'id' the "
            + "Redis stream entry id). The same envelope is posted to webhooks.")
    public record EventEnvelope(
            @JsonProperty("event_type") @Schema(required = true, enumeration = {"status_update", "qr_code_update",
                    "slots_found", "booking_completed", "job_failed", "job_cancelled", "job_expired"})
            String eventType,
            @JsonProperty("job_id") @Schema(required = true, example = "job_ac62fdb487dcc5883db0e230") String jobId,
            @JsonProperty("user_id") @Schema(required = true, example = "user-123") String userId,
            @Schema(required = true, example = "2026-11-25T20:07:12.025449421Z") String timestamp,
            @Schema(required = true, description = "Depends on event_type; see the examples") Map<String, Object> data) {
    }

    /** One example per event type, as the stream sends its data line. */
    static final String EV = "\"job_id\":\"job_ac62fdb487dcc5883db0e230\",\"user_id\":\"user-123\","
            + "\"timestamp\":\"2026-11-25T20:07:12.025Z\",";
    public static final String EX_STATUS = "{\"event_type\":\"status_update\"," + EV
            + "\"data\":{\"status\":\"searching\",\"message\":\"Logged in; searching for a slot\",\"progress\":40,"
            + "\"code\":\"logged_in\",\"params\":{}}}";
    public static final String EX_QR = "{\"event_type\":\"qr_code_update\"," + EV
            + "\"data\":{\"qr_code_data\":\"data:image/png;base64,iVBORw0KGgo...\",\"qr_payload\":"
            + "\"bankid.e0d23a06-8a95-43bf-9682-e38448e27e08.6.90b98452...\",\"sequence\":7,\"source\":\"computed\","
            + "\"valid_until\":\"2026-11-25T20:07:13Z\",\"autostart_token\":\"7c40b5c9-fa9a-4b1c-8d14-9a3c21f0e5d2\","
            + "\"autostart_url\":\"bankid:///?autostarttoken=7c40b5c9-fa9a-4b1c-8d14-9a3c21f0e5d2&redirect=null\"}}";
    public static final String EX_SLOTS = "{\"event_type\":\"slots_found\"," + EV
            + "\"data\":{\"slots\":[{\"examination_id\":\"80000416\",\"location\":\"Uppsala\",\"date\":\"2026-12-06\","
            + "\"time\":\"08:10\",\"cost\":\"1 040 kr\",\"reservation_expires\":\"2026-11-25T20:22:12Z\"}],"
            + "\"awaiting_confirmation\":true,\"message\":\"Slot held; confirm to book it\",\"code\":"
            + "\"slot_held_confirm\",\"params\":{}}}";
    public static final String EX_COMPLETED = "{\"event_type\":\"booking_completed\"," + EV
            + "\"data\":{\"success\":true,\"booking_result\":{\"booking_id\":\"4100001\",\"confirmation_number\":"
            + "\"EF9FD40DBA\",\"exam_date\":\"2026-12-06\",\"exam_time\":\"08:10\",\"location\":\"Uppsala\"}}}";
    public static final String EX_FAILED = "{\"event_type\":\"job_failed\"," + EV
            + "\"data\":{\"success\":false,\"error\":{\"code\":\"unknown_location\",\"message\":"
            + "\"Unknown test location 'Upsala'. Closest known: Uppsala, Umeå, Gävle.\",\"params\":{\"location\":"
            + "\"Upsala\",\"suggestions\":[\"Uppsala\",\"Umeå\",\"Gävle\"]}},\"message\":"
            + "\"Unknown test location 'Upsala'. Closest known: Uppsala, Umeå, Gävle.\"}}";
    public static final String EX_CANCELLED = "{\"event_type\":\"job_cancelled\"," + EV
            + "\"data\":{\"reason\":\"User requested cancellation\",\"message\":"
            + "\"Cancelled: User requested cancellation\",\"code\":\"cancelled\",\"params\":{\"reason\":"
            + "\"User requested cancellation\"}}}";
    public static final String EX_EXPIRED = "{\"event_type\":\"job_expired\"," + EV
            + "\"data\":{\"message\":\"Nobody scanned the QR code within 180 s.\",\"code\":\"qr_timeout\","
            + "\"params\":{\"seconds\":180}}}";
}
