package se.provtid.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.provtid.site.trafikverket.Selectors;
import se.provtid.support.BrowserExtension;
import se.provtid.support.QrDecoder;

/** A person uses the simulated site by hand in real Chromium: every step of the dossier's flow and selectors. */
@QuarkusTest
class SimulatorPageTests {

    @RegisterExtension
    static final BrowserExtension chromium = new BrowserExtension();

    @TestHTTPResource("/Boka/ng/")
    URL app;

    @BeforeEach
    void reset() {
        given().post("/sim/admin/reset").then().statusCode(200);
    }

    @Test
    void aPersonLogsInWithTheCanvasQrSearchesReservesAndPaysLater() {
        try (var context = chromium.newContext("sv-SE")) {
            Page page = context.newPage();
            page.navigate(app.toString());
            page.click(Selectors.COOKIE_ACCEPT);
            assertEquals(0, page.locator(Selectors.COOKIE_ACCEPT).count(), "the banner goes once accepted");

            page.click(Selectors.LOGIN_BUTTON);
            page.click(Selectors.CONTINUE);
            page.click(Selectors.MOBILE_BANKID);
            Locator canvas = page.locator(Selectors.QR_CANVAS);
            canvas.waitFor();
            // The third QR source: read the pixels, as a phone camera would.
            String scanned = QrDecoder.decodePng(canvas.screenshot());
            assertTrue(scanned.startsWith("bankid."), scanned);
            given().contentType(ContentType.JSON).body(Map.of("qr", scanned, "personal_number", "198002021234"))
                    .post("/sim/bankid/scan").then().statusCode(200);
            page.locator(Selectors.LOGOUT_BUTTON).waitFor();
            // One session for the page, its assets and its calls, as the site's own cookie makes it.
            List<Map<String, Object>> sessions = given().get("/sim/admin/requests?by=session").then().statusCode(200)
                    .extract().jsonPath().getList("sessions");
            assertEquals(1, sessions.size(), sessions.toString());
            assertEquals(sessions, given().get("/sim/admin/requests?by=session&personal_number=198002021234").then()
                    .statusCode(200).extract().jsonPath().getList("sessions"));
            Map<String, Object> mine = sessions.getFirst();
            assertEquals("198002021234", mine.get("person"));
            assertTrue((Integer) mine.get("page_loads") >= 1, mine.toString());
            assertTrue((Integer) mine.get("asset_loads") >= 1, mine.toString());
            assertEquals(true, mine.get("consent"), mine.toString());
            assertTrue(((Map<?, ?>) mine.get("calls")).containsKey("begin-authentication"), mine.toString());

            page.selectOption("#licence-type-select", new SelectOption().setLabel("B"));
            page.selectOption("#examination-type-select", new SelectOption().setLabel("Körprov"));
            page.selectOption("#vehicle-select", new SelectOption().setLabel("Manuell bil"));
            page.click("#select-location-search");
            page.locator("app-location-select-dialog").waitFor();
            page.fill("#location-search-input", "Skövde");
            page.click(".select-item.mb-2:has-text('Skövde')");
            page.click("text=Bekräfta");

            Locator results = page.locator("#results-desktop");
            page.locator("h2:has-text('Lediga provtider')").waitFor();
            Locator choose = results.locator("button.btn.btn-primary:has-text('Välj')").first();
            choose.waitFor();
            choose.click();
            page.click("#cart-continue-button");
            page.click("#pay-invoice-button");
            page.locator("#booking-confirmation").waitFor();
            String bookingId = page.locator("#booking-id").innerText().trim();

            List<Map<String, Object>> bookings = given().get("/sim/admin/bookings").then().statusCode(200).extract()
                    .jsonPath().getList("$");
            assertEquals(1, bookings.size(), bookings.toString());
            assertTrue(bookingId.contains(bookings.getFirst().get("booking_id").toString()), bookingId);
            assertEquals("Skövde", bookings.getFirst().get("location"));
            assertEquals("198002021234", bookings.getFirst().get("personal_number"));
        }
    }

    @Test
    void dataCallsWithoutLoginAreRefusedInTheEnvelope() {
        asTheApp().post("/Boka/occasion-bundles").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo(401))
                .body("data.message", org.hamcrest.Matchers.containsString("inloggad"));
        asTheApp().post("/boka/is-system-updating").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo(200)).body("data", org.hamcrest.Matchers.equalTo(false));
    }

    /** A call with the headers the app sends: the site answers others with its HTML page. */
    private RequestSpecification asTheApp() {
        return given().contentType(ContentType.JSON).body("null").header("X-Requested-With", "XMLHttpRequest")
                .header("Referer", app.toString());
    }
}
