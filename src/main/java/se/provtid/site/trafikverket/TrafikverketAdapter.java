package se.provtid.site.trafikverket;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import se.provtid.browser.BrowserSession;
import se.provtid.site.SiteBaseUrl;

/** Makes a {@link TrafikverketSite} for a job's browser session. */
@Singleton
public class TrafikverketAdapter {

    private final SiteBaseUrl baseUrl;
    private final ObjectMapper json;

    public TrafikverketAdapter(SiteBaseUrl baseUrl, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.json = json;
    }

    public TrafikverketSite bind(BrowserSession session) {
        return new TrafikverketSite(session, baseUrl.get(), json);
    }
}
