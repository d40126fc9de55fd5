package se.provtid.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import se.provtid.bankid.AutostartLink;
import se.provtid.job.BookingResult;
import se.provtid.job.JobError;
import se.provtid.job.JobSummary;
import se.provtid.job.Slot;

/** The status view of a job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(@JsonProperty("job_id") String jobId, @JsonProperty("user_id") String userId, String status,
        String message, int progress, @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt, int attempts,
        @JsonProperty("queue_position") Long queuePosition,
        @JsonProperty("held_slot") Slot heldSlot,
        @JsonProperty("booking_result") BookingResult bookingResult, JobError error,
        @JsonProperty("cancel_requested") Boolean cancelRequested,
        @JsonProperty("autostart_url") String autostartUrl,
        @JsonProperty("autostart_token") String autostartToken) {

    public static JobView of(JobSummary job) {
        String token = job.autostartToken();
        return new JobView(job.id(), job.userId(), job.status().name(), job.message(),
                job.status().progress(), job.createdAt().toString(), job.updatedAt().toString(), job.attempts(),
                job.queuePosition(), job.heldSlot(), job.result(), job.error(), job.cancelRequested() ? Boolean.TRUE : null,
                token == null ? null : AutostartLink.of(token), token);
    }
}
