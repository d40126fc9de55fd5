package se.provtid.sim;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
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

    /**
     * The site ends logins now, as its forced logout does: everyone's, or one person's
     * ({@code ?personal_number=}). Answers how many ended.
     */
    @POST
    @Path("logouts")
    public Map<String, Object> logOut(@QueryParam("personal_number") String personalNumber) {
        return Map.of("ended", state.logOut(personalNumber == null || personalNumber.isBlank() ? null
                : personalNumber));
    }

    /**
     * Requests per endpoint ({@code /Boka/<name>}) since the last reset, whoever sent them (page or context); with
     * {@code ?by=session}, what each session asked for, oldest first, optionally only {@code personal_number}'s.
     */
    @GET
    @Path("requests")
    public Object requests(@QueryParam("by") String by, @QueryParam("personal_number") String personalNumber) {
        if (by == null || by.isBlank()) {
            return state.requests();
        }
        if (!by.equals("session")) {
            throw ScanProblems.invalid("by", "one_of", "Parameter 'by' can only be 'session'.");
        }
        return Map.of("sessions", state.traffic(personalNumber == null || personalNumber.isBlank() ? null
                : personalNumber));
    }

    /** Every slot the market released since the last reset, oldest first, and who took it (docs/simulator.md). */
    @GET
    @Path("releases")
    public List<Map<String, Object>> releases() {
        return state.releases(SimAdminResource::release);
    }

    /**
     * Frees one slot the market took, now, as a cancellation would: {@code location} (a place name), {@code
     * days_ahead} (the slot nearest that day), optionally {@code examination_type_id} (default 12, the driving test)
     * and {@code vehicle_type_id} (default 2, manual). 201 with the release; 409 when the market is off or has no
     * such slot there.
     */
    @POST
    @Path("releases")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response releaseNow(Map<String, Object> body) {
        Object place = body == null ? null : body.get("location");
        SimCatalog.Location loc = place instanceof String name ? SimCatalog.LOCATIONS.stream()
                .filter(l -> l.name().equalsIgnoreCase(name)).findFirst().orElse(null) : null;
        if (loc == null) {
            throw ScanProblems.invalid("location", "known_place", "Field 'location' must name one of the "
                    + "simulator's places, e.g. Uppsala.");
        }
        int days = number(body, "days_ahead", 10);
        Map<String, Object> r = state.releaseNow(loc.id(), days, number(body, "examination_type_id", 12),
                number(body, "vehicle_type_id", SimCatalog.MANUAL), SimAdminResource::release);
        if (r == null) {
            throw ScanProblems.refused(409, "nothing_to_release", "The market is off, or took no such slot at "
                    + loc.name() + ": turn it on with PUT /sim/admin/scenario {\"market\": true}.");
        }
        return Response.status(201).entity(r).build();
    }

    private static int number(Map<String, Object> body, String field, int otherwise) {
        Object v = body.get(field);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Integer i && i >= 0 && i <= 400) {
            return i;
        }
        throw ScanProblems.invalid(field, "range", "Field '" + field + "' must be a whole number from 0 to 400.");
    }

    private static Map<String, Object> release(SimMarket.Release r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release_id", r.id);
        m.put("released_at", r.releasedAt.toString());
        m.put("reason", r.reason);
        m.put("examination_id", r.slot.examinationId);
        m.put("location_id", r.slot.locationId);
        m.put("location", SimCatalog.location(r.slot.locationId).name());
        m.put("date", r.slot.date.toString());
        m.put("time", r.slot.time.toString());
        m.put("examination_type_id", r.slot.examinationTypeId);
        m.put("vehicle_type_id", r.slot.vehicleTypeId);
        m.put("late_cancellation", r.slot.lateCancellation);
        m.put("held_at", r.heldAt == null ? null : r.heldAt.toString());
        m.put("taken_by", r.takenBy);
        m.put("booking_id", r.bookingId);
        m.put("taken_at", r.takenAt == null ? null : r.takenAt.toString());
        return m;
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
