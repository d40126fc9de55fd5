package se.provtid.sim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated site over HTTP as the real one behaves: a page load starts the session with its cookie, only calls
 * with the app's headers get JSON, and {@code /sim/admin/requests?by=session} tells what each session asked for.
 */
@QuarkusTest
class SimSessionTrafficTests {

    private static final String PERSON = "199703041234";
    private static final String COOKIE = SiteSimulatorResource.SESSION_COOKIE;

    @TestHTTPResource("/Boka/ng/")
    URL app;

    @BeforeEach
    @AfterEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    /** A plain GET of the page, as a bare HTTP client does; answers the session id the page set. */
    private static String loadPage() {
        Response r = given().get("/Boka/ng/");
        r.then().statusCode(200).contentType(containsString("text/html"));
        String id = r.getCookie(COOKIE);
        assertTrue(id != null && !id.isBlank(), "the page sets the session cookie");
        return id;
    }

    /** A call with the headers the app's page sends. */
    private RequestSpecification asTheApp(String session) {
        return given().cookie(COOKIE, session).contentType(ContentType.JSON).body("null")
                .header("X-Requested-With", "XMLHttpRequest").header("Referer", app.toString());
    }

    private static List<Map<String, Object>> sessions(String query) {
        return given().get("/sim/admin/requests?by=session" + query).then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath().getList("sessions");
    }

    @Test
    void aPageLoadSetsTheSessionCookieAndIsCountedForThatSession() {
        Response first = given().get("/Boka/ng/");
        first.then().statusCode(200).contentType(containsString("text/html"));
        String setCookie = first.getHeader("Set-Cookie");
        assertTrue(setCookie.matches("ASP\\.NET_SessionId=[0-9a-f]{24}; Path=/; HttpOnly"), setCookie);
        String id = first.getCookie(COOKIE);

        // The cookie the site knows starts no new session; a deep link is a page load of the same app.
        given().cookie(COOKIE, id).get("/Boka/ng/search/token/5/12/0/0").then().statusCode(200)
                .header("Set-Cookie", nullValue());
        given().cookie(COOKIE, "not-one-of-ours").get("/Boka/ng/").then().statusCode(200)
                .header("Set-Cookie", containsString(COOKIE + "="));

        List<Map<String, Object>> all = sessions("");
        assertEquals(2, all.size(), all.toString());
        Map<String, Object> mine = all.getFirst();
        assertEquals(id.substring(0, 8), mine.get("session"), "oldest first");
        assertEquals(2, mine.get("page_loads"));
        assertEquals(0, mine.get("asset_loads"));
        assertEquals(0, mine.get("json_calls"));
        assertEquals(false, mine.get("consent"));
        assertNull(mine.get("person"));
        assertTrue(mine.containsKey("person"), "person is there, as null");
        assertEquals(Map.of(), mine.get("calls"));
    }

    @Test
    void assetsCountForTheirCookiesSessionAndStartNone() {
        String id = loadPage();
        given().cookie(COOKIE, id).get("/Boka/ng/assets/app.css").then().statusCode(200);
        given().cookie(COOKIE, id).get("/Boka/ng/assets/app.js").then().statusCode(200);
        given().get("/Boka/ng/assets/app.js").then().statusCode(200).header("Set-Cookie", nullValue());
        given().cookie(COOKIE, id).get("/Boka/ng/assets/nothing.js").then().statusCode(404);

        List<Map<String, Object>> all = sessions("");
        assertEquals(1, all.size(), "an asset without a cookie starts no session: " + all);
        assertEquals(2, all.getFirst().get("asset_loads"));
    }

    @Test
    void aCallWithTheAppsHeadersIsJsonAndCountedForItsSession() {
        String id = loadPage();
        Response r = asTheApp(id).post("/Boka/is-system-updating");
        r.then().statusCode(200).contentType(ContentType.JSON).body("status", equalTo(200))
                .body("data", equalTo(false));
        assertEquals(id, r.getCookie(COOKIE), "the call stays in the page's session");
        asTheApp(id).post("/boka/is-authorizied").then().statusCode(200).body("data", equalTo(false));

        List<Map<String, Object>> all = sessions("");
        assertEquals(1, all.size(), all.toString());
        assertEquals(2, all.getFirst().get("json_calls"));
        assertEquals(Map.of("is-system-updating", 1, "is-authorizied", 1), all.getFirst().get("calls"));
        assertEquals(Map.of("is-system-updating", 1, "is-authorizied", 1),
                given().get("/sim/admin/requests").then().statusCode(200).extract().jsonPath().getMap("$"),
                "the endpoint view keeps its shape");
    }

    @Test
    void aCallWithoutTheAppsHeadersGetsTheHtmlPage() {
        String id = loadPage();
        String origin = app.getProtocol() + "://" + app.getHost() + ":" + app.getPort();
        // No X-Requested-With.
        given().cookie(COOKIE, id).contentType(ContentType.JSON).body("null").header("Referer", app.toString())
                .post("/Boka/is-system-updating").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<html"));
        // No Referer, a foreign one, the right host on another port, or another page of the same origin.
        for (String referer : new String[] {null, "https://fp.trafikverket.se/Boka/ng/",
                app.getProtocol() + "://" + app.getHost() + ":" + (app.getPort() + 1) + "/Boka/ng/", origin + "/app/",
                origin + "/Boka/ngx", "not a url"}) {
            RequestSpecification call = given().cookie(COOKIE, id).contentType(ContentType.JSON).body("null")
                    .header("X-Requested-With", "XMLHttpRequest");
            if (referer != null) {
                call.header("Referer", referer);
            }
            call.post("/boka/is-system-updating").then().statusCode(200).contentType(containsString("text/html"));
        }
        // A deep link of the app is a page of the app.
        given().cookie(COOKIE, id).contentType(ContentType.JSON).body("null")
                .header("X-Requested-With", "XMLHttpRequest").header("Referer", origin + "/Boka/ng/search/t/5/12/0/0")
                .post("/Boka/is-system-updating").then().statusCode(200).contentType(ContentType.JSON);

        List<Map<String, Object>> all = sessions("");
        assertEquals(1, all.size(), "a refused call starts no session: " + all);
        assertEquals(8, all.getFirst().get("json_calls"), "refused calls are counted too");
    }

    @Test
    void requireRenderedAppRefusesTheOrderUntilTheSessionFetchedTheAppsScript() {
        given().contentType(ContentType.JSON).body(Map.of("require_rendered_app", true)).put("/sim/admin/scenario")
                .then().statusCode(200).body("require_rendered_app", equalTo(true)).body("market", equalTo(false));
        String id = loadPage();
        asTheApp(id).post("/Boka/is-system-updating").then().statusCode(200).contentType(ContentType.JSON);
        asTheApp(id).post("/Boka/begin-authentication").then().statusCode(200)
                .contentType(containsString("text/html"));
        given().cookie(COOKIE, id).get("/Boka/ng/assets/app.css").then().statusCode(200);
        asTheApp(id).post("/Boka/begin-authentication").then().statusCode(200)
                .contentType(containsString("text/html"));

        given().cookie(COOKIE, id).get("/Boka/ng/assets/app.js").then().statusCode(200);
        asTheApp(id).post("/Boka/begin-authentication").then().statusCode(200).contentType(ContentType.JSON)
                .body("status", equalTo(200)).body("data.qrStartSecret", notNullValue());

        given().post("/sim/admin/reset").then().statusCode(200);
        given().get("/sim/admin/scenario").then().body("require_rendered_app", equalTo(false));
        assertEquals(List.of(), sessions(""), "reset forgets every session");
    }

    @Test
    void theSessionsViewNamesThePersonLoggedInAndFiltersByThem() {
        String other = loadPage();
        String id = loadPage();
        JsonPath order = asTheApp(id).post("/Boka/begin-authentication").then().statusCode(200).extract().jsonPath();
        given().contentType(ContentType.JSON).body(Map.of("qr", order.getString("data.qrCode"), "personal_number",
                PERSON)).post("/sim/bankid/scan").then().statusCode(200);
        asTheApp(id).body(Map.of("referenceId", order.getString("data.referenceId")))
                .post("/Boka/check-authentication-status-qr").then().statusCode(200)
                .body("data.collectionStatus", equalTo("Completed"));
        asTheApp(id).post("/Boka/sign-out").then().statusCode(200);

        List<Map<String, Object>> mine = sessions("&personal_number=" + PERSON);
        assertEquals(1, mine.size(), mine.toString());
        assertEquals(id.substring(0, 8), mine.getFirst().get("session"));
        assertEquals(PERSON, mine.getFirst().get("person"), "the person logged in last, after they signed out too");
        assertEquals(Map.of("begin-authentication", 1, "check-authentication-status-qr", 1, "sign-out", 1),
                mine.getFirst().get("calls"));
        assertEquals(List.of(), sessions("&personal_number=199001012384"));
        List<Map<String, Object>> all = sessions("");
        assertEquals(List.of(other.substring(0, 8), id.substring(0, 8)),
                all.stream().map(s -> s.get("session")).toList());
        given().get("/sim/admin/requests?by=person").then().statusCode(400).body("field", equalTo("by"));
    }

    @Test
    void consentIsTrueOnceACallOfTheSessionCarriedTheBannersCookie() {
        String without = loadPage();
        String with = loadPage();
        asTheApp(without).post("/Boka/is-system-updating").then().statusCode(200);
        asTheApp(with).cookie("TrvCookieConsent", "necessary").post("/Boka/is-system-updating").then()
                .statusCode(200);
        asTheApp(with).post("/Boka/is-authorizied").then().statusCode(200);

        List<Map<String, Object>> all = sessions("");
        assertEquals(List.of(false, true), all.stream().map(s -> s.get("consent")).toList());
    }
}
