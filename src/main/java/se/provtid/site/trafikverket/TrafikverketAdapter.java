package se.provtid.site.trafikverket;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.SitePacer;
import se.provtid.site.SiteBaseUrl;

/** Makes a {@link TrafikverketSite} for a job's browser session. */
@Singleton
public class TrafikverketAdapter {

    private final SiteBaseUrl baseUrl;
    private final ObjectMapper json;
    private final SitePacer pacer;
    private final ProvtidConfig config;

    public TrafikverketAdapter(SiteBaseUrl baseUrl, ObjectMapper json, SitePacer pacer, ProvtidConfig config) {
        this.baseUrl = baseUrl;
        this.json = json;
        this.pacer = pacer;
        this.config = config;
    }

    public TrafikverketSite bind(BrowserSession session) {
        return new TrafikverketSite(session, baseUrl.get(), json, pacer, config.site().requestTimeout());
    }
}
