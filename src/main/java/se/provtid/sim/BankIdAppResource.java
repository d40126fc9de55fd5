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

/** The simulated BankID app: scanning a QR string approves the order when the code is genuine and fresh. */
@Path("/sim/bankid")
public class BankIdAppResource {

    /** What the person's phone sends: the scanned string and optionally who they are. */
    public record Scan(String qr, String personal_number) {
    }

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
        String person = scan.personal_number() == null ? config.sim().defaultPersonalNumber() : scan.personal_number();
        if (!person.matches("\\d{12}")) {
            throw ScanProblems.invalid("personal_number", "pattern",
                    "Field 'personal_number' must be 12 digits (YYYYMMDDNNNN).");
        }
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
        long now = AnimatedQr.elapsedSeconds(order.qrStartTime, state.clock().millis());
        long behind = now - parsed.seconds();
        if (behind > config.sim().qrMaxAge().toSeconds() || behind < -1) {
            throw refused(422, "stale", "The QR code is " + behind + " s behind the order's clock (at most "
                    + config.sim().qrMaxAge().toSeconds() + " s allowed).");
        }
        if (!state.approve(order, person)) {
            throw refused(409, "already_completed", "This BankID order is already completed.");
        }
        return Response.ok(Map.of("status", "approved", "reference_id", order.referenceId)).build();
    }
}
