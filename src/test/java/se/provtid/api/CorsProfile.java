package se.provtid.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * CORS for one frontend origin, http://127.0.0.1:PORT, whose port is picked here and handed to the test through
 * a system property (the test serves its page there); Swagger UI off, as in prod.
 */
public class CorsProfile implements QuarkusTestProfile {

    static final String PORT_PROPERTY = "cors-test.page-port";

    static synchronized int pagePort() {
        String set = System.getProperty(PORT_PROPERTY);
        if (set != null) {
            return Integer.parseInt(set);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.setProperty(PORT_PROPERTY, Integer.toString(s.getLocalPort()));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.cors.origins", "http://127.0.0.1:" + pagePort(), "openapi-ui.enabled", "false");
    }
}
