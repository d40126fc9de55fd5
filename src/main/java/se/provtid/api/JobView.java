package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import se.provtid.bankid.AutostartLink;
import se.provtid.job.BookingResult;
import se.provtid.job.JobError;
import se.provtid.job.JobSummary;
import se.provtid.job.Slot;
import se.provtid.service.SearchedPlaces;

/** The status view of a job; while it waits for BankID, also the open order's same-device link. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(@JsonProperty("job_id") String jobId, @JsonProperty("user_id") String userId, String status,
        String message, int progress, @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt, int attempts,
        @JsonProperty("queue_position") Long queuePosition,
        @JsonProperty("held_slot") Slot heldSlot,
        @JsonProperty("booking_result") BookingResult bookingResult, JobError error,
        @JsonProperty("cancel_requested") Boolean cancelRequested,
        @JsonProperty("autostart_url") @Schema(description = "Only while authenticating with an open BankID order: "
                + "the link that opens the BankID app on this device (same-device login). As private as the QR "
                + "code.", example = "bankid:///?autostarttoken=7c40b5c9-fa9a-4b1c-8d14-9a3c21f0e5d2&redirect=null")
        String autostartUrl,
        @JsonProperty("autostart_token") @Schema(description = "Only while authenticating with an open BankID order: "
                + "the order's autostart token, the one in autostart_url.",
                example = "7c40b5c9-fa9a-4b1c-8d14-9a3c21f0e5d2") String autostartToken,
        @JsonProperty("watch_ends_at") @Schema(description = "Once the job has watched (its site login ended): when "
                + "its watch ends (its last date or watch_until).") String watchEndsAt,
        @JsonProperty("offered_slot") @Schema(description = "The slot announced to the job while it watched "
                + "(slot_available), until the job has tried it.") Slot offeredSlot,
        @JsonProperty("searched_places") @Schema(description = "Status view only: the places the fleet searches for "
                + "the job and when a search last covered each (null: never). While no job of the same exam is logged "
                + "in, nothing searches them.") List<SearchedPlaces.Place> searchedPlaces) {

    public static JobView of(JobSummary job) {
        return of(job, null);
    }

    /** The status view, with the places searched for the job (null when it has none in the search now). */
    public static JobView of(JobSummary job, List<SearchedPlaces.Place> searched) {
        String token = job.autostartToken();
        return new JobView(job.id(), job.userId(), job.status().name(), job.message(),
                job.status().progress(), job.createdAt().toString(), job.updatedAt().toString(), job.attempts(),
                job.queuePosition(), job.heldSlot(), job.result(), job.error(), job.cancelRequested() ? Boolean.TRUE : null,
                token == null ? null : AutostartLink.of(token), token,
                job.watchEnds() == null ? null : job.watchEnds().toString(), job.offeredSlot(), searched);
    }
}
