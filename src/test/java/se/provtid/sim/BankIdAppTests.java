package se.provtid.sim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.provtid.bankid.AnimatedQr;
import se.provtid.config.ProvtidConfig;
import se.provtid.support.MutableClock;

/**
 * The simulated BankID app over HTTP: opened on the same device by an order's autostart token it approves that
 * order, and refuses unknown, used and timed-out orders and bad input; a used order's QR code is "already used".
 */
@QuarkusTest
class BankIdAppTests {

    private static final String PERSON = "199502031234";

    @Inject
    SimState state;

    @Inject
    ProvtidConfig config;

    @AfterEach
    void reset() {
        state.reset();
    }

    private static Response open(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/sim/bankid/open");
    }

    private static Response scan(String qr) {
        return given().contentType(ContentType.JSON).body(Map.of("qr", qr)).post("/sim/bankid/scan");
    }

    @Test
    void theAutostartTokenApprovesItsOrderForThePersonNamedAndTheSiteThenLogsTheSessionIn() {
        SimState.Session s = state.session(null);
        SimState.Order order = state.beginAuthentication(s);
        state.beginAuthentication(state.session(null)); // another person's order stays untouched

        open(Map.of("autostart_token", order.autostartToken, "personal_number", PERSON)).then().statusCode(200)
                .body("status", equalTo("approved")).body("reference_id", equalTo(order.referenceId));
        state.collect(order);
        assertEquals(PERSON, state.loggedIn(s));
    }

    @Test
    void withoutAPersonalNumberTheDefaultPersonLogsIn() {
        SimState.Order order = state.beginAuthentication(state.session(null));
        open(Map.of("autostart_token", order.autostartToken)).then().statusCode(200);
        assertEquals(config.sim().defaultPersonalNumber(), state.orderPerson(order));
    }

    @Test
    void anUnknownTokenIsRefusedAsUnknownOrder() {
        state.beginAuthentication(state.session(null));
        open(Map.of("autostart_token", "0e6f3c1a-7b2d-4e9f-8a5c-3d1b2f4e6a70")).then().statusCode(404)
                .contentType("application/problem+json").body("reason", equalTo("unknown_order"))
                .body("type", equalTo("https://provtid.se/problems/bankid-unknown-order"))
                .body("status", equalTo(404));
    }

    @Test
    void aQrStartTokenIsNoAutostartToken() {
        SimState.Order order = state.beginAuthentication(state.session(null));
        open(Map.of("autostart_token", order.qrStartToken)).then().statusCode(404)
                .body("reason", equalTo("unknown_order"));
    }

    @Test
    void anApprovedOrderIsAlreadyUsedByTokenAndByQrCode() {
        SimState.Order order = state.beginAuthentication(state.session(null));
        open(Map.of("autostart_token", order.autostartToken)).then().statusCode(200);
        open(Map.of("autostart_token", order.autostartToken)).then().statusCode(409)
                .contentType("application/problem+json").body("reason", equalTo("already_used"))
                .body("type", equalTo("https://provtid.se/problems/bankid-already-used"));

        // A fresh, genuine code of the used order: used, not fresh-but-completed.
        long now = AnimatedQr.elapsedSeconds(order.qrStartTime, state.clock().millis());
        scan(AnimatedQr.payload(order.qrStartToken, order.qrStartSecret, now)).then().statusCode(409)
                .body("reason", equalTo("already_used"));
        // Too old a code of the used order: still "already used", not "stale".
        scan(AnimatedQr.payload(order.qrStartToken, order.qrStartSecret, 0)).then().statusCode(409)
                .body("reason", equalTo("already_used"));
    }

    @Test
    void aScannedOrderCannotBeOpenedAgain() {
        SimState.Order order = state.beginAuthentication(state.session(null));
        long now = AnimatedQr.elapsedSeconds(order.qrStartTime, state.clock().millis());
        scan(AnimatedQr.payload(order.qrStartToken, order.qrStartSecret, now)).then().statusCode(200);
        open(Map.of("autostart_token", order.autostartToken)).then().statusCode(409)
                .body("reason", equalTo("already_used"));
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndRule() {
        open(Map.of()).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://provtid.se/problems/invalid-request"))
                .body("field", equalTo("autostart_token")).body("rule", equalTo("required"))
                .body("errors[0].field", equalTo("autostart_token"));
        open(Map.of("autostart_token", " ")).then().statusCode(400).body("rule", equalTo("required"));
        open(Map.of("autostart_token", "bankid:///?autostarttoken=x")).then().statusCode(400)
                .body("field", equalTo("autostart_token")).body("rule", equalTo("format"));
        open(Map.of("autostart_token", "a".repeat(129))).then().statusCode(400).body("rule", equalTo("format"));
        SimState.Order order = state.beginAuthentication(state.session(null));
        open(Map.of("autostart_token", order.autostartToken, "personal_number", "19950203-1234")).then()
                .statusCode(400).body("field", equalTo("personal_number")).body("rule", equalTo("pattern"));
        assertEquals(false, state.isCompleted(order), "a refused open approves nothing");
        given().contentType(ContentType.JSON).body("{\"autostart_token\": 42").post("/sim/bankid/open").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anOrderNobodyApprovedInTimeIsExpiredByTokenAndByQrCode() {
        // Its own state on a clock of its own: the app's refusal once BankID's three minutes have passed.
        MutableClock clock = MutableClock.atNow();
        SimState own = new SimState(config, clock);
        BankIdAppResource app = new BankIdAppResource(own, config);
        SimState.Order order = own.beginAuthentication(own.session(null));
        clock.advance(SimState.ORDER_LIFETIME.plus(Duration.ofSeconds(1)));

        WebApplicationException byToken = assertThrows(WebApplicationException.class,
                () -> app.open(new BankIdAppResource.Open(order.autostartToken, null)));
        assertEquals(410, byToken.getResponse().getStatus());
        assertEquals("expired", ((Map<?, ?>) byToken.getResponse().getEntity()).get("reason"));
        long now = AnimatedQr.elapsedSeconds(order.qrStartTime, clock.millis());
        WebApplicationException byCode = assertThrows(WebApplicationException.class,
                () -> app.scan(new BankIdAppResource.Scan(
                        AnimatedQr.payload(order.qrStartToken, order.qrStartSecret, now), null)));
        assertEquals(410, byCode.getResponse().getStatus());
        assertEquals(false, own.isCompleted(order));
    }
}
