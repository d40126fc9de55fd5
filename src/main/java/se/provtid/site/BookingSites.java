package se.provtid.site;

import se.provtid.browser.BrowserSession;

/** Opens the booking site in a job's browser session. */
public interface BookingSites {

    /** Loads the site's app in the session and starts watching its login; the job's one handle on the site. */
    BookingSite open(BrowserSession session);
}
