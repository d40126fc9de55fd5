package se.provtid.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real Server-Sent Events client over HTTP, as a browser's EventSource would read a job's stream. */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received event. */
    public record Event(String id, String type, JsonNode envelope) {
        public JsonNode data() {
            return envelope.path("data");
        }
    }

    private final LinkedBlockingQueue<Event> incoming = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread reader;
    private volatile int status;
    private volatile String contentType;
    private volatile Stream<String> lines;

    private SseClient(URI uri, String lastEventId, String bearer) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            req.header("Last-Event-ID", lastEventId);
        }
        if (bearer != null) {
            req.header("Authorization", "Bearer " + bearer);
        }
        CountDownLatch connected = new CountDownLatch(1);
        reader = Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(req.build(),
                        HttpResponse.BodyHandlers.ofLines());
                status = r.statusCode();
                contentType = r.headers().firstValue("Content-Type").orElse("");
                lines = r.body();
                connected.countDown();
                parse(r.body());
            } catch (IOException | InterruptedException | RuntimeException e) {
                // Closed by us or by the server.
            } finally {
                connected.countDown();
                ended.countDown();
            }
        });
        try {
            connected.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static SseClient open(String url) {
        return new SseClient(URI.create(url), null, null);
    }

    public static SseClient open(String url, String lastEventId, String bearer) {
        return new SseClient(URI.create(url), lastEventId, bearer);
    }

    private void parse(Stream<String> body) {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) body::iterator) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    try {
                        incoming.add(new Event(id, type, JSON.readTree(data.toString())));
                    } catch (IOException e) {
                        throw new IllegalStateException("event data is not JSON: " + data, e);
                    }
                }
                id = null;
                type = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
    }

    /** Waits for the next event of this type, keeping every event seen on the way. */
    public Event await(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = left > 0 ? incoming.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no '" + type + "' event within " + timeout + "; saw " + types());
            }
            seen.add(e);
            if (e.type().equals(type)) {
                return e;
            }
        }
    }

    /** Waits until the server ends the stream; returns every event received, in order. */
    public List<Event> awaitEnd(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("stream did not end within " + timeout + "; saw " + types());
        }
        incoming.drainTo(seen);
        return List.copyOf(seen);
    }

    public List<String> types() {
        return seen.stream().map(Event::type).toList();
    }

    public int status() {
        return status;
    }

    /** True once the server ended the stream (or it failed): an EventSource would reconnect now. */
    public boolean ended() {
        return ended.getCount() == 0;
    }

    public String contentType() {
        return contentType;
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
        reader.interrupt();
    }
}
