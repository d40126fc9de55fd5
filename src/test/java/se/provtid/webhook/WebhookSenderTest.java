package se.provtid.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One https attempt, pinned: the connection goes to the address the guard resolved, while the TLS name (SNI), the
 * certificate check and the Host header use the URL's host name. A certificate for another name is refused.
 */
class WebhookSenderTest {

    private static final String NAME = "pinned.webhook.test";

    @TempDir
    static Path dir;
    static Vertx vertx;
    static HttpServer good;
    static HttpServer wrongName;
    static final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeAll
    static void servers() throws Exception {
        vertx = Vertx.vertx();
        cert(NAME);
        cert("other.example");
        good = server(NAME);
        wrongName = server("other.example");
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void connectsToTheCheckedAddressWithTheNameForTlsAndHost() {
        AttemptResult r = sender().send(Endpoint.of("https://" + NAME + ":" + good.actualPort() + "/in?x=1", false),
                "msg_tls", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertEquals(AttemptResult.Kind.DELIVERED, r.kind(), r.error());
        assertEquals(NAME, seen.get("sni"), "SNI carries the host name, not the IP");
        assertEquals(NAME + ":" + good.actualPort(), seen.get("host"));
        assertEquals("/in?x=1", seen.get("uri"));
        assertEquals("127.0.0.1", seen.get("local"), "connected to the address the resolver gave");
        assertTrue(seen.get("signature").startsWith("v1,"));
        assertNull(seen.get("apikey"));
    }

    @Test
    void aCertificateForAnotherNameFails() {
        AttemptResult r = sender().send(Endpoint.of("https://" + NAME + ":" + wrongName.actualPort() + "/", false),
                "msg_tls2", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertEquals(AttemptResult.Kind.FAILED, r.kind());
        assertEquals(0, r.status());
        assertTrue(r.error().contains("SSL") || r.error().contains("certificate") || r.error().contains("subject"),
                r.error());
    }

    @Test
    void noAnswerWithinTheTimeoutIsAFailure() throws Exception {
        HttpServer silent = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> {
                    // Never answers.
                }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        WebhookSender s = new WebhookSender(vertx.createHttpClient(WebhookSender.options()), guard(),
                new WebhookSigner("k"), Optional.empty());
        long start = System.nanoTime();
        AttemptResult r = s.send(Endpoint.of("http://" + NAME + ":" + silent.actualPort() + "/slow", false), "msg_t",
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(300));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(AttemptResult.Kind.FAILED, r.kind());
        assertTrue(r.error().contains("timed out") || r.error().contains("imeout"), r.error());
        assertTrue(ms < 3_000, "gave up after " + ms + " ms");
    }

    @Test
    void aHugeResponseBodyIsCutOffNotDrained() throws Exception {
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        io.vertx.core.buffer.Buffer chunk = io.vertx.core.buffer.Buffer.buffer(new byte[64 * 1024]);
        HttpServer chatty = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.body().onComplete(x -> {
                    var resp = req.response().setStatusCode(200).setChunked(true);
                    // Up to 64 MiB, as fast as the receiver reads; stops once the connection is closed.
                    vertx.setPeriodic(1, id -> {
                        if (resp.closed() || written.get() >= 64L << 20) {
                            vertx.cancelTimer(id);
                            return;
                        }
                        if (!resp.writeQueueFull()) {
                            resp.write(chunk);
                            written.addAndGet(chunk.length());
                        }
                    });
                })).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        WebhookSender s = new WebhookSender(vertx.createHttpClient(WebhookSender.options()), guard(),
                new WebhookSigner("k"), Optional.empty(), 65_536);
        AttemptResult r = s.send(Endpoint.of("http://" + NAME + ":" + chatty.actualPort() + "/big", false), "msg_big",
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertEquals(AttemptResult.Kind.DELIVERED, r.kind(), r.error());
        Thread.sleep(1_000);
        assertTrue(written.get() < 32L << 20, "the receiver could send only " + (written.get() >> 20) + " MiB");
    }

    @Test
    void theSupabaseEndpointGetsItsKeyHeaders() {
        WebhookSender s = new WebhookSender(client(), guard(), new WebhookSigner("k"), Optional.of("sb-key"));
        AttemptResult r = s.send(Endpoint.of("https://" + NAME + ":" + good.actualPort() + "/sb", true), "msg_sb",
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertEquals(AttemptResult.Kind.DELIVERED, r.kind(), r.error());
        assertEquals("sb-key", seen.get("apikey"));
        assertEquals("Bearer sb-key", seen.get("authorization"));
    }

    @Test
    void sendAsyncResolvesTheNameOffTheEventLoopAndKeepsTheRules() throws Exception {
        List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
        HostResolver recording = new HostResolver() {
            @Override
            public List<InetAddress> resolve(String host) throws java.net.UnknownHostException {
                onEventLoop.add(Context.isOnEventLoopThread());
                return List.of(InetAddress.getByName("127.0.0.1"));
            }
        };
        String url = "https://" + NAME + ":" + good.actualPort() + "/async";
        WebhookSender relaxed = new WebhookSender(client(), new AddressGuard(recording, true), new WebhookSigner("k"),
                Optional.empty());
        AttemptResult r = onEventLoop(relaxed, url);
        assertEquals(AttemptResult.Kind.DELIVERED, r.kind(), r.error());
        assertEquals("/async", seen.get("uri"));
        WebhookSender strict = new WebhookSender(client(), new AddressGuard(recording, false), new WebhookSigner("k"),
                Optional.empty());
        AttemptResult refused = onEventLoop(strict, url);
        assertEquals(AttemptResult.Kind.REFUSED, refused.kind());
        assertTrue(refused.error().startsWith("refused: host resolves to a loopback address"), refused.error());
        assertEquals(List.of(false, false), onEventLoop, "names are never resolved on the event loop");
    }

    /** Starts an attempt from an event-loop thread, as the replay endpoint does, and waits for its result here. */
    private static AttemptResult onEventLoop(WebhookSender s, String url) throws Exception {
        CompletableFuture<AttemptResult> result = new CompletableFuture<>();
        vertx.runOnContext(v -> s.sendAsync(Endpoint.of(url, false), "msg_async",
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5))
                .subscribe().with(result::complete, result::completeExceptionally));
        return result.get(10, TimeUnit.SECONDS);
    }

    private static WebhookSender sender() {
        return new WebhookSender(client(), guard(), new WebhookSigner("k"), Optional.of("sb-key"));
    }

    private static io.vertx.core.http.HttpClient client() {
        return vertx.createHttpClient(WebhookSender.options().setTrustOptions(new PemTrustOptions()
                .addCertPath(dir.resolve(NAME + ".pem").toString())
                .addCertPath(dir.resolve("other.example.pem").toString())));
    }

    /** The name resolves to loopback here (no DNS); private targets are allowed as in the test profile. */
    private static AddressGuard guard() {
        return new AddressGuard(new HostResolver() {
            @Override
            public List<InetAddress> resolve(String host) throws java.net.UnknownHostException {
                return List.of(InetAddress.getByName(NAME.equals(host) ? "127.0.0.1" : "192.0.2.1"));
            }
        }, true);
    }

    private static HttpServer server(String name) throws Exception {
        HttpServerOptions o = new HttpServerOptions().setSsl(true).setSni(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PfxOptions().setPath(dir.resolve(name + ".p12").toString()).setPassword("changeit"));
        return vertx.createHttpServer(o).requestHandler(req -> req.body().onComplete(b -> {
            seen.clear();
            String sni = req.connection().indicatedServerName();
            seen.put("sni", sni == null ? "" : sni);
            seen.put("host", req.headers().get("host"));
            seen.put("uri", req.uri());
            seen.put("local", req.localAddress().hostAddress());
            seen.put("signature", req.headers().get("webhook-signature"));
            if (req.headers().get("apikey") != null) {
                seen.put("apikey", req.headers().get("apikey"));
                seen.put("authorization", req.headers().get("authorization"));
            }
            req.response().setStatusCode(204).end();
        })).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A self-signed certificate for {@code name} (keytool ships with the JDK), as PKCS#12 plus PEM. */
    private static void cert(String name) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path p12 = dir.resolve(name + ".p12");
        run(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name, "-ext", "SAN=dns:" + name, "-validity", "2", "-storetype", "PKCS12", "-keystore",
                p12.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", name, "-keystore", p12.toString(), "-storepass", "changeit",
                "-file", dir.resolve(name + ".pem").toString());
        assertTrue(Files.size(dir.resolve(name + ".pem")) > 0);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }
}
