package se.provtid.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document: served without a token, OpenAPI 3, every resource method of the API described. */
@QuarkusTest
class OpenApiTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EVENTS = Set.of("status_update", "qr_code_update", "slots_found",
            "booking_completed", "job_failed", "job_cancelled", "job_expired");

    private static JsonNode document() throws Exception {
        String body = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    /** METHOD path of every JAX-RS resource method in se.provtid, the simulator excepted. */
    private static Set<String> resourceMethods() throws Exception {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("se.provtid")) {
            if (!c.isAnnotatedWith(Path.class) || c.getPackageName().startsWith("se.provtid.sim")) {
                continue;
            }
            Class<?> type = Class.forName(c.getName());
            String base = type.getAnnotation(Path.class).value();
            for (Method m : type.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
                    if (verb == null) {
                        continue;
                    }
                    Path sub = m.getAnnotation(Path.class);
                    String path = sub == null ? base : base.replaceAll("/+$", "") + "/" + sub.value().replaceAll("^/+", "");
                    out.add(verb.value() + " " + path.replaceAll("/+$", ""));
                }
            }
        }
        return out;
    }

    @Test
    void theDocumentIsOpenApi3AndServedWithoutAToken() throws Exception {
        JsonNode doc = document();
        assertTrue(doc.path("openapi").asText().startsWith("3."), doc.path("openapi").asText());
        assertEquals("Provtid API", doc.path("info").path("title").asText());
        assertFalse(doc.path("info").path("version").asText().isEmpty());
        assertFalse(doc.path("info").path("description").asText().isEmpty());
        assertEquals(4, doc.path("tags").size(), doc.path("tags").toString());
        assertTrue(doc.path("paths").isObject() && doc.path("paths").size() > 0);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void everyResourceMethodIsDescribed() throws Exception {
        JsonNode paths = document().path("paths");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            p.getValue().fieldNames().forEachRemaining(verb -> documented.add(verb.toUpperCase() + " " + p.getKey()));
        }
        Set<String> expected = resourceMethods();
        assertTrue(expected.size() >= 13, expected.toString());
        assertEquals(expected, documented);
        for (String op : documented) {
            String[] parts = op.split(" ", 2);
            JsonNode o = paths.path(parts[1]).path(parts[0].toLowerCase());
            assertFalse(o.path("summary").asText().isBlank(), op + " has a summary");
            assertTrue(o.path("responses").size() > 0, op + " has responses");
            if (parts[1].startsWith("/api/")) {
                JsonNode unauthorized = o.path("responses").path("401").path("content").path("application/problem+json");
                assertEquals("#/components/schemas/Problem", unauthorized.path("schema").path("$ref").asText(),
                        op + " answers 401 with the problem type");
            }
        }
    }

    /** The problems OpenApiFilter adds, not each annotation: where they apply, and an operation's own text kept. */
    @Test
    void sharedProblemsAreListedWhereTheyApply() throws Exception {
        JsonNode paths = document().path("paths");
        int withJob = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            String path = p.getKey();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> o = ops.next();
                String op = o.getKey() + " " + path;
                JsonNode responses = o.getValue().path("responses");
                boolean secured = o.getValue().path("security").size() > 0;
                assertEquals(secured, responses.has("401"), op + " answers 401 exactly when it needs a token");
                if (path.contains("{jobId}")) {
                    assertEquals(OpenApiFilter.NO_SUCH_JOB, responses.path("404").path("description").asText(), op);
                }
                if (path.contains("{jobId}")) {
                    withJob++;
                }
                // Streams are not rate limited; they answer 429 for their own limits, in their own words.
                boolean stream = path.startsWith("/api/v1/booking/stream/");
                assertEquals(path.startsWith("/api/v1/"), responses.has("429"), op + " answers 429 on the API");
                assertEquals(!stream && responses.has("429"),
                        responses.path("429").path("description").asText().startsWith("Rate limited"), op + " 429");
                for (String code : new String[] {"401", "404", "429"}) {
                    if (responses.has(code)) {
                        assertEquals("#/components/schemas/Problem", responses.path(code).path("content")
                                .path("application/problem+json").path("schema").path("$ref").asText(), op + " " + code);
                        assertFalse(responses.path(code).path("description").asText().isBlank(), op + " " + code);
                    }
                }
            }
        }
        assertTrue(withJob >= 5, "status, cancel, confirm, stream-url and stream name a job: " + withJob);
        assertTrue(paths.path("/health/detailed").path("get").path("responses").has("401"));
        assertTrue(paths.path("/webhooks/health").path("get").path("responses").has("401"));
        assertEquals("No such dead letter", paths.path("/api/v1/webhooks/dead/{id}/replay").path("post")
                .path("responses").path("404").path("description").asText(), "an operation's own 404 text stays");
        assertEquals(OpenApiFilter.RATE_LIMITED, paths.path("/api/v1/jobs").path("get")
                .path("responses").path("429").path("description").asText());
        assertTrue(paths.path("/api/v1/booking/start").path("post").path("responses").path("429").path("description")
                .asText().contains("start limit"), "start keeps its own 429 text");
        assertEquals("Bad or expired token", paths.path("/api/v1/booking/stream/{jobId}").path("get")
                .path("responses").path("401").path("description").asText(), "the stream keeps its own 401 text");
    }

    @Test
    void schemasSecurityAndEventsAreDescribed() throws Exception {
        JsonNode doc = document();
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertEquals("http", schemes.path("bearer").path("type").asText());
        assertEquals("bearer", schemes.path("bearer").path("scheme").asText());
        assertEquals("apiKey", schemes.path("streamToken").path("type").asText());
        assertEquals("query", schemes.path("streamToken").path("in").asText());
        assertEquals("token", schemes.path("streamToken").path("name").asText());

        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode problem = schemas.path("Problem").path("properties");
        for (String f : new String[] {"type", "title", "status", "detail", "field", "rule", "errors"}) {
            assertFalse(problem.path(f).isMissingNode(), "Problem." + f);
        }
        for (String s : new String[] {"StartRequest", "StartResponse", "JobView", "StreamUrl", "CancelRequest", "Event"}) {
            assertFalse(schemas.path(s).isMissingNode(), s + " schema: " + schemas.fieldNames());
        }
        JsonNode startProps = schemas.path("StartRequest").path("properties");
        for (String f : new String[] {"weekdays", "times", "min_notice", "near", "rank", "book_before", "watch_until"}) {
            assertFalse(startProps.path(f).path("description").asText().isBlank(), "StartRequest." + f + " described");
        }
        assertFalse(schemas.path("JobView").path("properties").path("preferences").isMissingNode(),
                "the status view shows the preferences");
        JsonNode start = doc.path("paths").path("/api/v1/booking/start").path("post");
        assertEquals("#/components/schemas/StartRequest", start.path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/StartResponse", start.path("responses").path("202").path("content")
                .path("application/json").path("schema").path("$ref").asText());

        JsonNode stream = doc.path("paths").path("/api/v1/booking/stream/{jobId}").path("get");
        JsonNode sse = stream.path("responses").path("200").path("content").path("text/event-stream");
        assertEquals("#/components/schemas/Event", sse.path("schema").path("$ref").asText());
        Set<String> examples = new TreeSet<>();
        sse.path("examples").fieldNames().forEachRemaining(examples::add);
        assertEquals(new TreeSet<>(EVENTS), examples);
        for (String e : EVENTS) {
            JsonNode value = sse.path("examples").path(e).path("value");
            JsonNode parsed = value.isTextual() ? JSON.readTree(value.asText()) : value;
            assertEquals(e, parsed.path("event_type").asText());
            assertTrue(parsed.path("data").isObject(), e);
        }
        Set<String> security = new TreeSet<>();
        stream.path("security").forEach(r -> r.fieldNames().forEachRemaining(security::add));
        assertEquals(Set.of("bearer", "streamToken"), security);
        assertEquals(0, doc.path("paths").path("/health").path("get").path("security").size(), "/health is open");
    }
}
