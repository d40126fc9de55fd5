package se.provtid.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import se.provtid.health.HealthResource;
import se.provtid.health.WebhookHealthResource;
import se.provtid.sim.BankIdAppResource;
import se.provtid.sim.SimAdminResource;
import se.provtid.sim.SimPageResource;
import se.provtid.sim.SiteSimulatorResource;

/** The methods each path of the app's resources takes, for the {@code Allow} header of a 405. */
final class AllowedMethods {

    /** One path template as a pattern, and a method it takes. */
    private record Route(Pattern path, String method) {
    }

    /** Every resource class of the app; {@code AllowedMethodsTest} checks none is missing. */
    static final List<Class<?>> RESOURCES = List.of(BookingResource.class, StreamResource.class, JobsResource.class,
            BrowserStatusResource.class, DeadLetterResource.class, HealthResource.class,
            WebhookHealthResource.class, SiteSimulatorResource.class,
            SimPageResource.class, BankIdAppResource.class,
            SimAdminResource.class);

    private static final List<Route> ROUTES = routes();

    private AllowedMethods() {
    }

    /** The methods a path takes, sorted, e.g. "GET, HEAD"; empty when no resource serves it. */
    static String of(String path) {
        Set<String> out = new TreeSet<>();
        for (Route r : ROUTES) {
            if (r.path().matcher(path).matches()) {
                out.add(r.method());
            }
        }
        if (out.contains("GET")) {
            out.add("HEAD");
        }
        return String.join(", ", out);
    }

    private static List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (Class<?> c : RESOURCES) {
            String base = c.getAnnotation(Path.class).value();
            for (Method m : c.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        Path sub = m.getAnnotation(Path.class);
                        out.add(new Route(template(base, sub == null ? "" : sub.value()), http.value()));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static Pattern template(String base, String sub) {
        String full = ("/" + base + "/" + sub).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        StringBuilder re = new StringBuilder();
        for (String part : full.split("(?=\\{)|(?<=})")) {
            re.append(part.startsWith("{") ? (part.contains(":") ? "(.*)" : "([^/]+)") : Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }
}
