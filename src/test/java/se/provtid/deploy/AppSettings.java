package se.provtid.deploy;

import io.quarkus.vertx.http.runtime.management.ManagementConfig;
import io.quarkus.vertx.http.runtime.management.ManagementInterfaceBuildTimeConfig;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployment files must agree with, read from the application's own files: application.properties (the
 * prod profile, defaults of ${ENV:default} expressions), .env.example (the settings' names) and the image's
 * Dockerfile (the variables it declares). Quarkus's own defaults come from its config classes.
 */
final class AppSettings {

    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path ENV_EXAMPLE = Path.of(".env.example");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");

    // SmallRye Health's and Micrometer's defaults: their build-time config is not on the test class path, so only
    // these are written here; application.properties overrides each.
    private static final String HEALTH_ROOT = "health";
    private static final String LIVENESS = "live";
    private static final String READINESS = "ready";
    private static final String STARTUP = "started";
    private static final String METRICS = "metrics";

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private final Properties properties = new Properties();

    private AppSettings() {
        try (Reader r = Files.newBufferedReader(PROPERTIES)) {
            properties.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AppSettings load() {
        return new AppSettings();
    }

    /** The prod profile's value with every ${ENV:default} replaced by its default; null when not set. */
    String prodDefault(String key) {
        String raw = properties.getProperty("%prod." + key, properties.getProperty(key));
        if (raw == null) {
            return null;
        }
        Matcher m = EXPRESSION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String inner = m.group(2) != null ? m.group(2) : prodDefault(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(inner == null ? "" : inner));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A setting as a process of the given profile sees it when its environment is {@code env}: the profile's line (or
     * the plain one), every ${ENV:default} taken from env when set there, else its default.
     */
    String valueFor(String key, String profile, Map<String, String> env) {
        String raw = properties.getProperty("%" + profile + "." + key, properties.getProperty(key));
        if (raw == null) {
            return null;
        }
        Matcher m = EXPRESSION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fromEnv = env.get(m.group(1));
            String inner = fromEnv != null ? fromEnv : m.group(2) != null ? m.group(2) : valueFor(m.group(1), profile, env);
            m.appendReplacement(out, Matcher.quoteReplacement(inner == null ? "" : inner));
        }
        m.appendTail(out);
        return out.toString();
    }

    boolean managementEnabled() {
        return Boolean.parseBoolean(prodDefault("quarkus.management.enabled"));
    }

    /** The port health and metrics are served on: the management port when the management interface is on. */
    int healthPort() {
        if (!managementEnabled()) {
            return Integer.parseInt(orDefault("quarkus.http.port", "8080"));
        }
        return Integer.parseInt(orDefault("quarkus.management.port", quarkusDefault(ManagementConfig.class, "port")));
    }

    String livenessPath() {
        return healthPath("quarkus.smallrye-health.liveness-path", LIVENESS);
    }

    String readinessPath() {
        return healthPath("quarkus.smallrye-health.readiness-path", READINESS);
    }

    String startupPath() {
        return healthPath("quarkus.smallrye-health.startup-path", STARTUP);
    }

    /** Where Prometheus scrapes. */
    String metricsPath() {
        return join(nonApplicationRoot(), orDefault("quarkus.micrometer.export.prometheus.path", METRICS));
    }

    private String healthPath(String key, String fallback) {
        return join(join(nonApplicationRoot(), orDefault("quarkus.smallrye-health.root-path", HEALTH_ROOT)),
                orDefault(key, fallback));
    }

    private String nonApplicationRoot() {
        return managementEnabled()
                ? orDefault("quarkus.management.root-path",
                        quarkusDefault(ManagementInterfaceBuildTimeConfig.class, "rootPath"))
                : orDefault("quarkus.http.non-application-root-path", "q");
    }

    /** SHUTDOWN_GRACE's default: how long a stopping worker waits for paying jobs. */
    Duration shutdownGrace() {
        return Duration.parse(prodDefault("provtid.worker.shutdown-grace"));
    }

    /** The environment variable a setting is read from (SHUTDOWN_GRACE for provtid.worker.shutdown-grace). */
    String envNameOf(String key) {
        Matcher m = EXPRESSION.matcher(properties.getProperty(key, ""));
        return m.find() ? m.group(1) : null;
    }

    /** Every name .env.example documents, set or commented out ("# NAME=" for settings whose default is empty). */
    static Set<String> documentedEnvNames() {
        Set<String> names = new TreeSet<>();
        Pattern line = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=");
        try {
            for (String l : Files.readAllLines(ENV_EXAMPLE)) {
                Matcher m = line.matcher(l);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Variables the image itself declares with ENV (JAVA_OPTS, for one): the image reads them, not the app. */
    static Set<String> imageEnvNames() {
        Set<String> names = new TreeSet<>();
        try {
            String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
            Matcher env = Pattern.compile("(?m)^ENV\\s+(.*)$").matcher(dockerfile);
            while (env.find()) {
                Matcher name = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=").matcher(env.group(1));
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private String orDefault(String key, String fallback) {
        String v = prodDefault(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String quarkusDefault(Class<?> config, String method) {
        try {
            return config.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(config.getName() + " has no " + method + "(): Quarkus changed its config", e);
        }
    }

    private static String join(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String b = base.startsWith("/") ? base : "/" + base;
        return (b.endsWith("/") ? b : b + "/") + path;
    }
}
