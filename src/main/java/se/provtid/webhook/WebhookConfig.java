package se.provtid.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Webhook delivery settings; application.properties maps the original design's environment names onto them. */
@ConfigMapping(prefix = "provtid.webhooks")
public interface WebhookConfig {

    /**
     * Signing secrets, space separated (WEBHOOK_SECRET): the first is current, the rest are kept during a rotation.
     * A secret written {@code whsec_<base64>} is the decoded bytes, as the Standard Webhooks spec says; any other
     * is its UTF-8 bytes. Without a secret nothing is delivered (deliveries wait, nothing is dropped).
     */
    Optional<String> secret();

    /** Supabase endpoint that gets every event of every job besides the job's own webhook_url (SUPABASE_WEBHOOK_URL). */
    Optional<String> supabaseUrl();

    /** Sent as {@code apikey} and {@code Authorization: Bearer} to the Supabase endpoint only (SUPABASE_SECRET_KEY). */
    Optional<String> supabaseSecretKey();

    /** Whether the Supabase endpoint also gets QR frames (a live login code) (SUPABASE_WEBHOOK_QR). */
    @WithDefault("false")
    boolean supabaseQr();

    /** Largest response body read from a receiver; a larger one is cut off, not drained. */
    @WithDefault("65536")
    int maxResponseBytes();

    /** Ports below 1024 other than 80 and 443 that a webhook URL may name (WEBHOOK_ALLOWED_PORTS). */
    Optional<List<Integer>> allowedLowPorts();

    /** Allow http and private, loopback and link-local targets for job webhook URLs (WEBHOOK_ALLOW_PRIVATE). */
    @WithDefault("false")
    boolean allowPrivate();

    /** How long one attempt may take until the response status arrives (WEBHOOK_TIMEOUT). */
    @WithDefault("15s")
    Duration timeout();

    /**
     * The attempts of one event and the delay before each (WEBHOOK_RETRY_SCHEDULE): its length is the number of
     * attempts before the event is dead-lettered. The first attempt is always made at once (its entry is 0 by
     * convention); each later delay gets up to 20 % random jitter.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Whether this process delivers webhooks; any number of processes may, leases keep them apart (WEBHOOK_DISPATCHER). */
    @WithDefault("true")
    boolean dispatcher();

    /** Most deliveries (job and endpoint pairs) this process works on at once (WEBHOOK_CONCURRENCY). */
    @WithDefault("32")
    int concurrency();

    /** /webhooks/health answers 503 when a due delivery has waited this long for any process to pick it up. */
    @WithDefault("5m")
    Duration stuckAfter();

    /** How long dead letters and per-endpoint statuses are kept. */
    @WithDefault("7d")
    Duration retention();
}
