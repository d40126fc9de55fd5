package se.provtid.search;

import se.provtid.site.Occasion;

/**
 * A freed slot handed to one job by the fleet's search: that job, and no other of ours, tries to hold it now.
 *
 * @param occasion the slot, as the site described it (no person's data: the site's answer holds none)
 * @param foundByThisJob whether the job's own session made the search that found it
 * @param callKey the planned call that found it
 */
public record Offer(Occasion occasion, boolean foundByThisJob, String callKey) {
}
