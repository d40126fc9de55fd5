package se.provtid.worker;

import java.time.Clock;
import se.provtid.browser.BrowserFleet;
import se.provtid.config.ProvtidConfig;
import se.provtid.login.LoginStarts;
import se.provtid.login.LoginWays;
import se.provtid.login.WarmLogins;
import se.provtid.queue.JobStore;
import se.provtid.queue.SitePacer;
import se.provtid.search.FleetSearch;
import se.provtid.search.SlotClaims;
import se.provtid.service.JobMetrics;
import se.provtid.service.PlaceCatalog;
import se.provtid.site.BookingSites;

/** What every job run on this worker shares, down to the clock it reads the time from. */
record WorkerContext(String workerId, JobStore store, BrowserFleet fleet, BookingSites sites,
        SessionVault vault, SitePacer pacer, ProvtidConfig config, JobMetrics metrics, PlaceCatalog places,
        LoginStarts loginStarts, LoginWays loginWays, WarmLogins warmLogins, FleetSearch fleetSearch, SlotClaims claims, Clock clock) {
}
