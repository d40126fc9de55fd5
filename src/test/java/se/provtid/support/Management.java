package se.provtid.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;

/**
 * Requests to the running test application's management interface, where probes and metrics live. A test class
 * takes the address with {@code @TestHTTPResource(value = "/", management = true) URL management;} (the test
 * profile gives the interface a free port, known only once the application runs).
 */
public final class Management {

    private Management() {
    }

    /** A rest-assured request aimed at the management port. */
    public static RequestSpecification given(URL management) {
        return RestAssured.given().baseUri(management.getProtocol() + "://" + management.getHost())
                .port(management.getPort());
    }

    /** The Prometheus text the application serves on its management port. */
    public static String metrics(URL management) {
        return given(management).get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
