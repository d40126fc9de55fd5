package se.provtid.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/** A real webhook receiver on loopback: records every request and answers as the test says. */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received: headers (lower-case names), raw body, arrival time, and what was answered. */
    record Hit(String path, Map<String, String> headers, byte[] body, long atMs, int answered) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String jobId() {
            return json().path("job_id").asText();
        }

        String type() {
            return json().path("event_type").asText();
        }

        String id() {
            return header("webhook-id");
        }

        boolean ok() {
            return answered >= 200 && answered < 300;
        }
    }

    /** How to answer one request. */
    record Answer(int status, Map<String, String> headers) {
        static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private volatile Function<Hit, Answer> policy = h -> Answer.of(200);
    private volatile HttpServer server;
    private final int port;

    private Receiver(int port) throws IOException {
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    static Receiver start() throws IOException {
        return new Receiver(0);
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Sets how to answer from now on. */
    void answer(Function<Hit, Answer> policy) {
        this.policy = policy;
    }

    /** Stops listening: the port refuses connections, as a receiver that is down. */
    void down() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    void up() throws IOException {
        server = listen(port);
    }

    List<Hit> hits() {
        return List.copyOf(hits);
    }

    List<Hit> hitsOf(String jobId) {
        return hits.stream().filter(h -> jobId.equals(h.jobId())).toList();
    }

    /** Waits until {@code done} holds for this job's hits; returns them. */
    List<Hit> await(String jobId, Predicate<List<Hit>> done, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            List<Hit> h = hitsOf(jobId);
            if (done.test(h)) {
                return h;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("receiver did not get what was expected in " + max + "; got " + describe(hitsOf(jobId)));
    }

    static String describe(List<Hit> hits) {
        return hits.stream().map(h -> h.type() + "/" + h.answered() + "/" + h.id()).toList().toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private HttpServer listen(int p) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", p), 50);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        Hit probe = new Hit(ex.getRequestURI().toString(), headers, body, System.currentTimeMillis(), 0);
        Answer a;
        try {
            a = policy.apply(probe);
        } catch (RuntimeException e) {
            a = Answer.of(500);
        }
        hits.add(new Hit(probe.path(), headers, body, probe.atMs(), a.status()));
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), -1);
        ex.close();
    }
}
