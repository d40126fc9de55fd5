package se.provtid.site.trafikverket;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import se.provtid.browser.BrowserSession;
import se.provtid.config.ProvtidConfig;
import se.provtid.config.ProvtidConfig.Worker.LoginMode;
import se.provtid.queue.SitePacer;
import se.provtid.site.BookingSite;
import se.provtid.site.BookingSites;
import se.provtid.site.LoginFallbacks;
import se.provtid.site.SiteBaseUrl;
import se.provtid.site.SiteRequestMetrics;

/** Opens Trafikverket's booking site ({@link TrafikverketAdapter}) in a job's browser session. */
@Singleton
public class TrafikverketSites implements BookingSites {

    private final SiteBaseUrl baseUrl;
    private final ObjectMapper json;
    private final SitePacer pacer;
    private final ProvtidConfig config;
    private final SiteRequestMetrics requests;
    private final LoginFallbacks fallbacks;

    public TrafikverketSites(SiteBaseUrl baseUrl, ObjectMapper json, SitePacer pacer, ProvtidConfig config,
            SiteRequestMetrics requests, LoginFallbacks fallbacks) {
        this.fallbacks = fallbacks;
        this.requests = requests;
        this.baseUrl = baseUrl;
        this.json = json;
        this.pacer = pacer;
        this.config = config;
    }

    @Override
    public BookingSite open(BrowserSession session, LoginMode mode) {
        TrafikverketAdapter site = new TrafikverketAdapter(session, baseUrl.get(), json, pacer,
                config.site().requestTimeout(), requests, mode, fallbacks);
        site.open();
        return site;
    }
}
