package se.provtid.site;

import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import se.provtid.config.ProvtidConfig;

/** Where the booking site lives: the configured base URL, or else this process's own simulator. */
@Singleton
public class SiteBaseUrl {

    private final ProvtidConfig config;
    private volatile int localPort;

    public SiteBaseUrl(ProvtidConfig config) {
        this.config = config;
    }

    void started(@Observes HttpServerStart start) {
        localPort = start.options().getPort();
    }

    /** The base URL without a trailing slash, e.g. https://fp.trafikverket.se. */
    public String get() {
        return config.site().baseUrl().filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""))
                .orElseGet(() -> "http://127.0.0.1:" + port());
    }

    private int port() {
        if (localPort > 0) {
            return localPort;
        }
        var c = ConfigProvider.getConfig();
        return c.getOptionalValue("quarkus.http.test-port", Integer.class).filter(p -> p > 0)
                .or(() -> c.getOptionalValue("quarkus.http.port", Integer.class)).orElse(8080);
    }
}
