package se.provtid.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The app's own calls by their headers: X-Requested-With and a Referer under the call's origin's /Boka/ng/. */
class AppCallCheckTest {

    private static final URI CALL = URI.create("https://fp.trafikverket.se/Boka/begin-authentication");

    @Test
    void theAppsHeadersPass() {
        assertTrue(AppCallCheck.fromTheApp("XMLHttpRequest", "https://fp.trafikverket.se/Boka/ng/", CALL));
        assertTrue(AppCallCheck.fromTheApp("XMLHttpRequest", "https://FP.trafikverket.se:443/Boka/ng/search/x", CALL),
                "the host's case and the scheme's default port make no other origin");
        assertTrue(AppCallCheck.fromTheApp("XMLHttpRequest", "http://127.0.0.1:8081/Boka/ng/",
                URI.create("http://127.0.0.1:8081/boka/is-authorizied")));
    }

    @Test
    void anythingElseFails() {
        assertFalse(AppCallCheck.fromTheApp(null, "https://fp.trafikverket.se/Boka/ng/", CALL));
        assertFalse(AppCallCheck.fromTheApp("fetch", "https://fp.trafikverket.se/Boka/ng/", CALL));
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", null, CALL));
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", "http://fp.trafikverket.se/Boka/ng/", CALL));
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", "https://fp.trafikverket.se:8443/Boka/ng/", CALL));
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", "https://evil.example/Boka/ng/", CALL));
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", "https://fp.trafikverket.se/Boka/ng", CALL));
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", "https://fp.trafikverket.se/", CALL));
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", "/Boka/ng/", CALL), "a Referer is a whole URL");
        assertFalse(AppCallCheck.fromTheApp("XMLHttpRequest", "::", CALL));
    }
}
