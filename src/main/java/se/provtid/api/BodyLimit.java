package se.provtid.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import se.provtid.config.ProvtidConfig;

/**
 * Refuses a body over the API's limit from its Content-Length, before reading it, with a problem document; a
 * body without a length that grows past {@code quarkus.http.limits.max-body-size} (the same 64 KiB) is cut off by
 * the HTTP server itself.
 */
@Singleton
public class BodyLimit {

    private final int maxBytes;
    private final ObjectMapper json;

    public BodyLimit(ProvtidConfig config, ObjectMapper json) {
        this.maxBytes = config.api().maxBodyBytes();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(-100).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length)) {
                Problem p = Problem.of(413, "payload-too-large", "Payload too large", "The body is " + length.trim()
                        + " bytes; at most " + maxBytes + " are accepted.").with("field", "body")
                        .with("rule", "max_bytes");
                try {
                    rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close").end(json.writeValueAsString(p));
                } catch (JsonProcessingException e) {
                    rc.fail(413);
                }
                return;
            }
            rc.next();
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP server answers a malformed length itself
        }
    }
}
