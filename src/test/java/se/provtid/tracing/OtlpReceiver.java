package se.provtid.tracing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real OTLP/HTTP trace receiver for the test application: keeps every span it is sent. */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    static final List<Span> SPANS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                ExportTraceServiceRequest r = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
                        .forEach(ss -> SPANS.addAll(ss.getSpansList())));
            }
            byte[] ok = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("otlp-endpoint", url, "quarkus.otel.exporter.otlp.endpoint", url,
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf", "quarkus.otel.bsp.schedule.delay", "PT0.2S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
