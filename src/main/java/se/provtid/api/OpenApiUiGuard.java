package se.provtid.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Swagger UI is built into every build ({@code quarkus.swagger-ui.always-include}, a build-time setting); this
 * answers its paths with 404 unless {@code OPENAPI_UI=true} (the default in dev and demo). The document itself,
 * /q/openapi, is always served, without a token.
 */
@Singleton
public class OpenApiUiGuard {

    private final boolean enabled;
    private final ObjectMapper json;

    public OpenApiUiGuard(@ConfigProperty(name = "openapi-ui.enabled", defaultValue = "false") boolean enabled,
            ObjectMapper json) {
        this.enabled = enabled;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (enabled) {
            return;
        }
        router.routeWithRegex("/q/swagger-ui(?:/.*)?").order(-200).handler(rc -> {
            Problem p = Problem.of(404, "not-found", "Not found",
                    "Swagger UI is off here; set OPENAPI_UI=true to serve it. The document is at /q/openapi.");
            try {
                rc.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .end(json.writeValueAsString(p));
            } catch (JsonProcessingException e) {
                rc.fail(404);
            }
        });
    }
}
