package se.provtid.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import se.provtid.health.HealthResource;
import se.provtid.job.BookingResult;
import se.provtid.job.DateRange;
import se.provtid.job.EventType;
import se.provtid.job.ExamType;
import se.provtid.job.Job;
import se.provtid.job.JobError;
import se.provtid.job.JobEvent;
import se.provtid.job.JobRequest;
import se.provtid.job.JobStatus;
import se.provtid.job.JobSummary;
import se.provtid.job.Priority;
import se.provtid.job.Slot;
import se.provtid.job.VehicleType;
import se.provtid.search.InboxItem;
import se.provtid.search.PlannedCall;
import se.provtid.search.Sighting;
import se.provtid.search.Want;
import se.provtid.service.FleetOverview;
import se.provtid.service.PlaceCatalog;
import se.provtid.service.SearchOverview;
import se.provtid.service.SearchedPlaces;
import se.provtid.site.Occasion;
import se.provtid.webhook.DeadLetter;
import se.provtid.webhook.Endpoint;
import se.provtid.webhook.PairState;
import se.provtid.worker.SessionVault;

/**
 * Every type Jackson reads or writes by reflection (API bodies, events, what is stored in Redis as JSON), registered
 * in one place for a native image, where reflection must be declared. JVM mode ignores it. JsonTypesTest fails when a
 * type with Jackson annotations, or one such a type holds, is missing here.
 */
@RegisterForReflection(targets = {
        // API bodies
        StartRequest.class, StartRequest.DateRangeBody.class, StartResponse.class, JobView.class, Problem.class,
        Problem.FieldError.class, BookingResource.StreamUrl.class, BookingResource.CancelRequest.class,
        JobsResource.JobPage.class, FleetOverview.Stats.class, FleetOverview.Queued.class, FleetOverview.Finished.class,
        FleetOverview.FinishedWindows.class, FleetOverview.Webhooks.class, FleetOverview.Site.class,
        FleetOverview.WorkerView.class, JobsResource.Places.class, PlaceCatalog.Place.class, SearchedPlaces.Place.class, HealthResource.Simple.class,
        // jobs and their events, also stored in Redis
        Job.class, JobRequest.class, JobSummary.class, JobEvent.class, JobError.class, BookingResult.class,
        DateRange.class, Slot.class, JobStatus.class, EventType.class, ExamType.class, Priority.class,
        VehicleType.class,
        // webhooks' stored state and dead letters; a worker's sealed browser session
        Endpoint.class, PairState.class, DeadLetter.class, SessionVault.Saved.class,
        // the fleet search's state in Redis, and its figures in the stats
        Want.class, PlannedCall.class, InboxItem.class, Occasion.class, Sighting.class, SearchOverview.Search.class,
        SearchOverview.Call.class, SearchOverview.Counters.class, SearchOverview.Place.class })
public final class JsonTypes {

    private JsonTypes() {
    }
}
