package se.provtid.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A tiny site on loopback for each test, started before it and stopped after it: a JUnit extension for a
 * {@code @RegisterExtension} field, so the handlers may use the test's own fields.
 */
public final class StubSite implements BeforeEachCallback, AfterEachCallback {

    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
    private boolean virtualThreads;
    private HttpServer server;

    private StubSite() {
    }

    /** A site that answers requests under {@code path} with {@code handler}. */
    public static StubSite serving(String path, HttpHandler handler) {
        return new StubSite().and(path, handler);
    }

    /** Adds a route; the longest matching path wins, as in {@link HttpServer}. */
    public StubSite and(String path, HttpHandler handler) {
        routes.put(path, handler);
        return this;
    }

    /**
     * Answers each request on a virtual thread of its own, so a handler that holds one answer back holds up no other
     * (the default is the server's one dispatcher thread).
     */
    public StubSite onVirtualThreads() {
        virtualThreads = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        // 127.0.0.1 is a secure origin to Chromium, so client hints and geolocation behave as on the real site.
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        if (virtualThreads) {
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        }
        routes.forEach(server::createContext);
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException("the stub site runs only during a test");
        }
        return server.getAddress().getPort();
    }

    /** The site's address for a path (with any query), e.g. {@code url("/?visitor")}. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    /** Answers 200 with the body as UTF-8 and ends the exchange; headers set before stay. */
    public static void answer(HttpExchange ex, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
