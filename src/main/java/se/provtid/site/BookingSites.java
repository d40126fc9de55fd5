package se.provtid.site;

import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;

/** Opens the booking site in a job's browser session. */
public interface BookingSites {

    /**
     * Opens the site in the session the way {@code mode} says (its app in a page, or only the calls the app makes)
     * and starts watching its login; the job's one handle on the site.
     */
    BookingSite open(BrowserSession session, LoginMode mode);
}
