package se.provtid.sim;

import static se.provtid.sim.ScanProblems.refused;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import se.provtid.bankid.AnimatedQr;
import se.provtid.config.ProvtidConfig;

/**
 * The simulated BankID app: scanning a QR string approves the order when the code is genuine and fresh; opening
 * the app on the same device with the order's autostart token approves it too.
 */
@Path("/sim/bankid")
public class BankIdAppResource {

    /** What the person's phone sends: the scanned string and optionally who they are. */
    public record Scan(String qr, String personal_number) {
    }

    /** What the same-device link hands the app: the order's autostart token and optionally who the person is. */
    public record Open(String autostart_token, String personal_number) {
    }

    /** The site's tokens are UUIDs; anything else of letters, digits and dashes is accepted, up to this length. */
    private static final int MAX_TOKEN = 128;

    private final SimState state;
    private final ProvtidConfig config;

    public BankIdAppResource(SimState state, ProvtidConfig config) {
        this.state = state;
        this.config = config;
    }

    @POST
    @Path("scan")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response scan(Scan scan) {
        if (scan == null || scan.qr() == null || scan.qr().isBlank()) {
            throw ScanProblems.invalid("qr", "required", "Field 'qr' is required: the scanned QR string.");
        }
        String person = person(scan.personal_number());
        AnimatedQr.Parsed parsed = AnimatedQr.parse(scan.qr());
        if (parsed == null) {
            throw refused(400, "bad_code", "The scanned string is not a BankID animated QR code.");
        }
        SimState.Order order = state.orderByToken(parsed.qrStartToken());
        if (order == null) {
            throw refused(404, "unknown_order", "No BankID order has this qrStartToken.");
        }
        if (!AnimatedQr.authCode(order.qrStartSecret, parsed.seconds()).equals(parsed.authCode())) {
            throw refused(400, "bad_code", "The QR auth code does not match the order.");
        }
        if (state.isCompleted(order)) {
            // Before the age check: the code of an approved order is refused for being used, whatever its age.
            throw alreadyUsed();
        }
        if (state.isExpired(order)) {
            throw expired();
        }
        long now = AnimatedQr.elapsedSeconds(order.qrStartTime, state.clock().millis());
        long behind = now - parsed.seconds();
        if (behind > config.sim().qrMaxAge().toSeconds() || behind < -1) {
            throw refused(422, "stale", "The QR code is " + behind + " s behind the order's clock (at most "
                    + config.sim().qrMaxAge().toSeconds() + " s allowed).");
        }
        return approve(order, person);
    }

    /** The app opened on the same device by the order's autostart link: approves the order the token belongs to. */
    @POST
    @Path("open")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response open(Open open) {
        if (open == null || open.autostart_token() == null || open.autostart_token().isBlank()) {
            throw ScanProblems.invalid("autostart_token", "required",
                    "Field 'autostart_token' is required: the autostart token of the BankID order.");
        }
        String token = open.autostart_token();
        if (token.length() > MAX_TOKEN || !token.matches("[A-Za-z0-9-]+")) {
            throw ScanProblems.invalid("autostart_token", "format",
                    "Field 'autostart_token' must be at most " + MAX_TOKEN + " letters, digits and dashes.");
        }
        String person = person(open.personal_number());
        SimState.Order order = state.orderByAutostart(token);
        if (order == null) {
            throw refused(404, "unknown_order", "No BankID order has this autostart token.");
        }
        if (state.isCompleted(order)) {
            throw alreadyUsed();
        }
        if (state.isExpired(order)) {
            throw expired();
        }
        return approve(order, person);
    }

    private String person(String given) {
        String person = given == null ? config.sim().defaultPersonalNumber() : given;
        if (!person.matches("\\d{12}")) {
            throw ScanProblems.invalid("personal_number", "pattern",
                    "Field 'personal_number' must be 12 digits (YYYYMMDDNNNN).");
        }
        return person;
    }

    private Response approve(SimState.Order order, String person) {
        if (!state.approve(order, person)) {
            throw alreadyUsed(); // approved in between, by another scan or open
        }
        return Response.ok(Map.of("status", "approved", "reference_id", order.referenceId)).build();
    }

    private static RuntimeException alreadyUsed() {
        return refused(409, "already_used", "This BankID order was already approved.");
    }

    private static RuntimeException expired() {
        return refused(410, "expired", "This BankID order timed out before anyone approved it.");
    }
}
