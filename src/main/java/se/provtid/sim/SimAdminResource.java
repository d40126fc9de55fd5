package se.provtid.sim;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Test and demo controls of the simulator: reset to the seeded state, list bookings, sign-outs and requests. */
@Path("/sim/admin")
@Produces(MediaType.APPLICATION_JSON)
public class SimAdminResource {

    private final SimState state;

    public SimAdminResource(SimState state) {
        this.state = state;
    }

    @POST
    @Path("reset")
    public Map<String, Object> reset() {
        state.reset();
        return Map.of("status", "reset");
    }

    @GET
    @Path("scenario")
    public SimScenario scenario() {
        return state.scenario();
    }

    /** Sets trouble knobs; fields left out keep their values. */
    @PUT
    @Path("scenario")
    @Consumes(MediaType.APPLICATION_JSON)
    public SimScenario updateScenario(SimScenario patch) {
        return state.updateScenario(patch);
    }

    /** When a BankID order started: its code for second s becomes current at qr_start_time + s (for benchmarks). */
    @GET
    @Path("orders/{qrStartToken}")
    public Map<String, Object> order(@PathParam("qrStartToken") String qrStartToken) {
        SimState.Order o = state.orderByToken(qrStartToken);
        if (o == null) {
            throw new NotFoundException();
        }
        return Map.of("qr_start_token", o.qrStartToken, "qr_start_time", o.qrStartTime);
    }

    /** Who signed out with the site's sign-out call since the last reset, oldest first. */
    @GET
    @Path("sign-outs")
    public List<Map<String, Object>> signOuts() {
        return state.signOuts().stream().map(o -> Map.<String, Object>of("personal_number", o.personalNumber(),
                "at", o.at().toString())).toList();
    }

    /** Requests per endpoint ({@code /Boka/<name>}) since the last reset, whoever sent them (page or context). */
    @GET
    @Path("requests")
    public Map<String, Long> requests() {
        return state.requests();
    }

    @GET
    @Path("bookings")
    public List<Map<String, Object>> bookings() {
        return state.allBookings().stream().map(b -> {
            SimState.SlotState s = state.slot(b.examinationId());
            return Map.<String, Object>of("booking_id", b.bookingId(), "personal_number", b.personalNumber(),
                    "location", SimCatalog.location(s.locationId).name(), "date", s.date.toString(),
                    "time", s.time.toString(), "examination_id", b.examinationId());
        }).toList();
    }
}
