package se.provtid.webhook;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Makes one signed POST of a webhook body. Connects to the address the guard checked, with the URL's host name as
 * Host header, TLS SNI and certificate name, and never follows redirects (the spec counts a 3xx as a failure).
 */
@Singleton
public class WebhookSender {

    private static final String USER_AGENT = "Provtid-Webhooks/1.0";

    private final HttpClient client;
    private final AddressGuard guard;
    private final WebhookSigner signer;
    private final Optional<String> supabaseKey;
    private final Clock clock;
    /** Name resolution blocks (InetAddress): for {@link #sendAsync} it runs here, never on the event loop. */
    private final ExecutorService resolving = Executors.newVirtualThreadPerTaskExecutor();

    private final int maxResponseBytes;

    @Inject
    public WebhookSender(Vertx vertx, AddressGuard guard, WebhookSigner signer, WebhookConfig config, Clock clock) {
        this(vertx.createHttpClient(options()), guard, signer, config.supabaseSecretKey(), config.maxResponseBytes(),
                clock);
    }

    WebhookSender(HttpClient client, AddressGuard guard, WebhookSigner signer, Optional<String> supabaseKey) {
        this(client, guard, signer, supabaseKey, 65_536);
    }

    /** For unit tests: signed with the wall clock's time. */
    WebhookSender(HttpClient client, AddressGuard guard, WebhookSigner signer, Optional<String> supabaseKey,
            int maxResponseBytes) {
        this(client, guard, signer, supabaseKey, maxResponseBytes, Clock.systemUTC());
    }

    private WebhookSender(HttpClient client, AddressGuard guard, WebhookSigner signer, Optional<String> supabaseKey,
            int maxResponseBytes, Clock clock) {
        this.client = client;
        this.guard = guard;
        this.signer = signer;
        this.supabaseKey = supabaseKey.filter(k -> !k.isBlank());
        this.maxResponseBytes = maxResponseBytes;
        this.clock = clock;
    }

    /** Client settings: certificates and host names verified against the system trust store, no redirects. */
    static HttpClientOptions options() {
        return new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                .setVerifyHost(true).setTrustAll(false).setMaxRedirects(0).setTryUseCompression(false)
                .setMaxPoolSize(8);
    }

    @PreDestroy
    void close() {
        resolving.shutdownNow();
        client.close();
    }

    /**
     * Sends {@code body} once to the endpoint; waits at most {@code timeout} for the response status. Blocks: for the
     * dispatcher's virtual threads.
     */
    public AttemptResult send(Endpoint endpoint, String webhookId, byte[] body, Duration timeout) {
        try {
            return sendAsync(endpoint, webhookId, body, timeout).await().indefinitely();
        } catch (CompletionException e) {
            if (e.getCause() instanceof InterruptedException) {
                return AttemptResult.failed("interrupted", 0); // the process is stopping
            }
            throw e;
        }
    }

    /**
     * As {@link #send}, without blocking the caller (for the event loop): the name is resolved and checked on a
     * virtual thread of its own, the exchange is asynchronous. Never fails: refusals, errors and timeouts are results.
     */
    public Uni<AttemptResult> sendAsync(Endpoint endpoint, String webhookId, byte[] body, Duration timeout) {
        return Uni.createFrom().<WebhookTarget>emitter(e -> {
            try {
                e.complete(guard.check(endpoint.url(), endpoint.supabase()));
            } catch (RefusedEndpointException refused) {
                e.fail(refused);
            }
        }).runSubscriptionOn(resolving).chain(target -> exchange(endpoint, target, webhookId, body, timeout))
                .onFailure(RefusedEndpointException.class).recoverWithItem(e -> AttemptResult.refused(e.getMessage()));
    }

    /** One signed POST to the checked target; never fails: errors and timeouts are failed attempts. */
    private Uni<AttemptResult> exchange(Endpoint endpoint, WebhookTarget target, String webhookId, byte[] body,
            Duration timeout) {
        return Uni.createFrom().deferred(() -> {
            long timestamp = clock.instant().getEpochSecond();
            MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                    .add("content-type", "application/json")
                    .add("user-agent", USER_AGENT)
                    .add("webhook-id", webhookId)
                    .add("webhook-timestamp", Long.toString(timestamp))
                    .add("webhook-signature", signer.sign(webhookId, timestamp, body));
            if (endpoint.supabase()) {
                supabaseKey.ifPresent(k -> headers
                        .add("apikey", k).add("authorization", "Bearer " + k));
            }
            long ms = Math.max(1, timeout.toMillis());
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                    .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                    .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
                    .setHeaders(headers).setFollowRedirects(false).setConnectTimeout(ms).setIdleTimeout(ms);
            return post(options, body, ms);
        });
    }

    private Uni<AttemptResult> post(RequestOptions options, byte[] body, long timeoutMs) {
        long start = System.nanoTime();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        Future<AttemptResult> f = client.request(options).compose(req -> {
            request.set(req);
            return req.send(Buffer.buffer(body));
        }).map(resp -> {
            // The status decides; the body is read and dropped (never logged, never buffered), and a receiver that
            // sends more than maxResponseBytes has its connection closed rather than drained.
            long[] read = {0};
            try {
                resp.handler(b -> {
                    read[0] += b.length();
                    if (read[0] > maxResponseBytes) {
                        resp.handler(null);
                        resp.request().reset();
                    }
                });
                resp.exceptionHandler(e -> {
                });
            } catch (IllegalStateException ended) {
                // The whole (short) answer arrived before this callback ran: nothing left to read.
            }
            return AttemptResult.of(resp.statusCode(), resp.getHeader("retry-after"), System.nanoTime() - start);
        });
        return Uni.createFrom().completionStage(f.toCompletionStage())
                .ifNoItem().after(Duration.ofMillis(timeoutMs)).recoverWithItem(() -> {
                    HttpClientRequest r = request.get();
                    if (r != null) {
                        r.reset();
                    }
                    return AttemptResult.failed("timed out after " + timeoutMs + " ms", System.nanoTime() - start);
                })
                .onFailure().recoverWithItem(e -> AttemptResult.failed(describe(e), System.nanoTime() - start));
    }

    /** Our own words for a failure, with the exception's type: its message is a third party's and stays out. */
    private static String describe(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String name = t.getClass().getSimpleName();
        if (t instanceof SSLException) {
            return "TLS handshake or certificate check failed (" + name + ")";
        }
        if (t instanceof ConnectException) {
            return "connection refused or unreachable (" + name + ")";
        }
        if (t instanceof UnknownHostException) {
            return "host name does not resolve (" + name + ")";
        }
        if (t instanceof TimeoutException || name.contains("Timeout")) {
            return "timed out (" + name + ")";
        }
        if (name.contains("Closed")) {
            return "connection closed by the receiver (" + name + ")";
        }
        return "request failed (" + name + ")";
    }
}
