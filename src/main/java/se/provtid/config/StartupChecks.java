package se.provtid.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Refuses to start with settings that would hurt people: no API secret, a short or well-known one in prod, or the
 * simulator where real people could reach it. Says in one line which setting is wrong.
 */
@Singleton
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);
    static final int MIN_SECRET_BYTES = 32;
    /** Values printed in our own docs and examples: anyone could know them. */
    static final Set<String> KNOWN_SECRETS = Set.of("demo-secret-token", "dev-secret-token", "test-secret-token",
            "change-me", "changeme", "change-me-to-a-long-random-secret", "change-me-to-a-long-random-value", "replace-me",
            "secret", "bench-secret-token");

    private final ProvtidConfig config;

    public StartupChecks(ProvtidConfig config) {
        this.config = config;
    }

    void check(@Observes @Priority(1) StartupEvent ev) {
        List<String> problems = problems(ConfigUtils.getProfiles().contains("prod")
                && LaunchMode.current() == LaunchMode.NORMAL);
        if (!problems.isEmpty()) {
            problems.forEach(p -> LOG.error(p));
            throw new IllegalStateException("Provtid refuses to start: " + String.join(" ", problems));
        }
    }

    /** What is wrong with the settings; empty when nothing is. */
    List<String> problems(boolean prod) {
        String secret = config.api().secretToken().orElse("");
        ArrayList<String> out = new ArrayList<>();
        if (secret.isBlank()) {
            out.add("API_SECRET_TOKEN is not set: set it to a random secret of at least " + MIN_SECRET_BYTES
                    + " bytes (for example: openssl rand -base64 48).");
        } else if (prod && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            out.add("API_SECRET_TOKEN is too short for prod: use at least " + MIN_SECRET_BYTES + " random bytes.");
        } else if (prod && (KNOWN_SECRETS.contains(secret.trim().toLowerCase(Locale.ROOT))
                || secret.toLowerCase(Locale.ROOT).contains("change-me"))) {
            out.add("API_SECRET_TOKEN is an example value from the docs; set a random secret of your own.");
        }
        if (config.sim().enabled() && prod) {
            out.add("The simulator is on in the prod profile (PROVTID_SIM_ENABLED); it must never serve real people.");
        }
        if (prod && corsOrigins().stream().map(String::trim).anyMatch(o -> o.equals("*") || o.equals("/.*/"))) {
            out.add("CORS_ORIGINS is '*' in prod: list the exact origins of your frontend (https://app.example.se).");
        }
        Duration window = config.rateLimit().window();
        if (window.isZero() || window.isNegative()) {
            out.add("RATE_LIMIT_WINDOW must be longer than zero, not " + window + " (PT1M, or 60 for 60 seconds).");
        }
        String base = config.site().baseUrl().orElse("");
        if (config.sim().enabled() && !base.isBlank() && !local(base)) {
            out.add("SITE_BASE_URL names a real host (" + host(base) + ") while the simulator is on; use one or the "
                    + "other.");
        }
        out.addAll(new RedisTopology(config).problems());
        return out;
    }

    private static List<String> corsOrigins() {
        return ConfigProvider.getConfig()
                .getOptionalValues("quarkus.http.cors.origins", String.class).orElse(List.of());
    }

    private static boolean local(String url) {
        String h = host(url);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1") || h.equals("[::1]")
                || h.endsWith(".localhost");
    }

    private static String host(String url) {
        try {
            String h = URI.create(url.trim()).getHost();
            return h == null ? "" : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
