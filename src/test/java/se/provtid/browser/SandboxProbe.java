package se.provtid.browser;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.provtid.config.ProvtidConfig.Browser.Sandbox;

/**
 * Run by {@link ChromiumSandboxTest} in a JVM of its own as an unprivileged user. For each scenario
 * ({@code <mode>} or {@code <mode>,<extra chromium switch>}) it opens a fleet and a page, prints one line
 * {@code PROBE <scenario> key=value...}, then keeps the browser running until the test sends a line on stdin.
 */
public final class SandboxProbe {

    private SandboxProbe() {
    }

    public static void main(String[] scenarios) {
        int status = 1;
        try {
            run(scenarios);
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace(); // to the test's stderr: this is our own test process
        } finally {
            System.exit(status); // the web server's and Playwright's threads must not keep the JVM alive
        }
    }

    private static void run(String[] scenarios) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "<!doctype html><title>loaded</title>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        BufferedReader test = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String scenario : scenarios) {
            String[] parts = scenario.split(",", 2);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            BrowserFleet fleet = new BrowserFleet(TestBrowserConfig.with(Map.of("sandbox", Sandbox.valueOf(parts[0]),
                    "engines", List.of("chromium"),
                    "chromiumArgs", parts.length > 1 ? Optional.of(List.of(parts[1])) : Optional.empty())), metrics);
            StringBuilder line = new StringBuilder("PROBE " + scenario);
            try (WarnLog warnings = WarnLog.of(ChromiumSandbox.class)) {
                try {
                    BrowserSession session = fleet.open(null);
                    String title = session.onPage(page -> {
                        page.navigate(url);
                        return page.title();
                    });
                    line.append(" pid=").append(fleet.hosts().getFirst().browserPid()).append(" title=").append(title);
                } catch (BrowserGoneException e) {
                    line.append(" failed=").append(e.getClass().getSimpleName());
                }
                Counter fallbacks = metrics.find(ChromiumSandbox.FALLBACKS).tag("engine", "chromium").counter();
                line.append(" fallbacks=").append(fallbacks == null ? 0 : (long) fallbacks.count())
                        .append(" warnings=").append(warnings.warnings().size());
            }
            System.out.println(line);
            System.out.flush();
            test.readLine(); // the test reads /proc meanwhile
            fleet.hosts().forEach(BrowserHost::close);
        }
        server.stop(0);
    }
}
