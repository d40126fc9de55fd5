package se.provtid.worker;

import se.provtid.browser.BrowserGoneException;
import se.provtid.job.JobError;
import se.provtid.queue.RedisUnavailableException;
import se.provtid.site.SiteException;

/**
 * Why an attempt of a job failed, in words safe to log and to store on the job: a stable code and our own text,
 * never a library's message (Playwright's lists the request's headers, session cookies included).
 */
record AttemptFailure(String code, String detail) {

    static AttemptFailure of(RuntimeException e) {
        if (e instanceof SiteException) {
            // Our own text, or the site's own error text for people: both safe to pass on.
            return new AttemptFailure(JobError.SITE_ERROR, e.getMessage());
        }
        if (e instanceof RedisUnavailableException r) {
            // Our own text: the reason is an error reply's code or a client failure's type.
            return new AttemptFailure(JobError.STORE_UNAVAILABLE, r.getMessage());
        }
        String code = e instanceof BrowserGoneException ? JobError.BROWSER_UNAVAILABLE : JobError.INTERNAL_ERROR;
        return new AttemptFailure(code, e.getClass().getSimpleName());
    }
}
