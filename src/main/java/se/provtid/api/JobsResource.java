package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import se.provtid.job.JobStatus;
import se.provtid.service.FleetOverview;
import se.provtid.service.FleetOverview.Stats;
import se.provtid.service.PlaceCatalog;

/** For operators and dashboards: jobs listed newest first, and fleet-wide counts; non-blocking, on the event loop. */
@Tag(name = "operations")
@SecurityRequirement(name = ApiDocs.BEARER)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int MAX_USER_ID = 200;
    private static final String STATUSES = Arrays.stream(JobStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    /** One page of jobs: each as the status view shows it; next_cursor is null on the last page. */
    public record JobPage(List<JobView> jobs, @JsonProperty("next_cursor") String nextCursor) {
    }

    /** The test locations a start may name (see PlaceCatalog). */
    public record Places(List<PlaceCatalog.Place> places) {
    }

    private final FleetOverview overview;
    private final PlaceCatalog places;

    public JobsResource(FleetOverview overview, PlaceCatalog places) {
        this.overview = overview;
        this.places = places;
    }

    @Operation(summary = "Known test locations", description = "Every place a start may name: the catalogue shipped "
            + "with Provtid joined with the places the site listed at logins; id is the site's location id where known, "
            + "coordinates where the catalogue has them. For suggestions in a form.")
    @APIResponse(responseCode = "200", description = "The places, by name", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Places.class)))
    @GET
    @Path("places")
    public Uni<Places> places() {
        return Uni.createFrom().item(() -> new Places(places.all())); // from memory: on the event loop
    }

    @Operation(summary = "List jobs", description = "Newest first; filter by status and user_id; page with limit "
            + "(1 to 100, default 20) and the previous page's next_cursor. Never the personal number or QR.")
    @APIResponse(responseCode = "200", description = "A page of jobs", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid status, user_id, limit or cursor (field, rule name what)", content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.ProblemDoc.class)))
    @GET
    @Path("jobs")
    public Uni<JobPage> jobs(@QueryParam("status") String status, @QueryParam("user_id") String userId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        JobStatus s = status == null ? null : status(status);
        if (userId != null && (userId.isBlank() || userId.length() > MAX_USER_ID)) {
            throw Problem.badRequest("user_id", "length",
                    "Parameter 'user_id' must be 1 to " + MAX_USER_ID + " characters.", Map.of("max", MAX_USER_ID))
                    .exception();
        }
        int n = limit == null ? DEFAULT_LIMIT : limit(limit);
        if (cursor != null && !FleetOverview.isCursor(cursor)) {
            throw Problem.badRequest("cursor", "format",
                    "Parameter 'cursor' must be a next_cursor from a previous page.").exception();
        }
        return overview.jobs(userId, s, cursor, n).map(p -> new JobPage(p.jobs().stream().map(JobView::of).toList(),
                p.nextCursor()));
    }

    @Operation(summary = "Fleet-wide counts", description = "Queued jobs by priority, running jobs, live workers, "
            + "finished jobs by status (this clock hour, last 24 hours), webhook backlog and dead letters, the site "
            + "pause, each live worker's jobs and browsers (hosts, contexts, memory), and the fleet search: its plan "
            + "(each call, how often it is looked at, slots found and handed out), its counters, and what the fleet "
            + "learned per place (slots appeared and gone, mean lifetime, late cancellations).")
    @APIResponse(responseCode = "200", description = "The counts", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Stats.class)))
    @GET
    @Path("stats")
    public Uni<Stats> stats() {
        return overview.stats();
    }

    private static JobStatus status(String s) {
        try {
            return JobStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("status", "one_of", "Parameter 'status' must be one of: " + STATUSES + ".",
                    Map.of("allowed", Arrays.stream(JobStatus.values()).map(Enum::name).toList())).exception();
        }
    }

    private static int limit(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.badRequest("limit", "range", "Parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT
                + ".", Map.of("min", 1, "max", MAX_LIMIT)).exception();
    }
}
