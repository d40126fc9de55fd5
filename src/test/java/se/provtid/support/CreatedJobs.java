package se.provtid.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The jobs a test started through the API, force-cancelled after it: tests of one profile share the app's queue,
 * and a job left queued would be claimed, counted or listed by the next test.
 */
public final class CreatedJobs implements AfterEachCallback {

    private final List<String> ids = new ArrayList<>();

    /** Cancels job {@code id} after the test; returns it. */
    public String add(String id) {
        ids.add(id);
        return id;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        cancelAll();
    }

    /** Cancels every job added so far (a test that needs an empty queue midway calls it itself). */
    public void cancelAll() {
        for (String id : ids) {
            given().auth().oauth2(TestJobs.TOKEN).contentType(ContentType.JSON).body(Map.of("force", true))
                    .post("/api/v1/booking/cancel/" + id);
        }
        ids.clear();
    }
}
