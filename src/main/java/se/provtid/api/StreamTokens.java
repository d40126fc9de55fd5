package se.provtid.api;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import se.provtid.config.ProvtidConfig;
import se.provtid.crypto.KeyRing;
import se.provtid.crypto.KeyedHmac;

/**
 * Short-lived tokens bound to one job's event stream, so a browser's EventSource never holds the API secret.
 * A token is {@code base64url(jobId.expiry.keyId).base64url(HMAC)} under the stream-token key of {@link KeyRing}.
 */
@Singleton
public class StreamTokens {

    /** A token and when it stops opening the stream. */
    public record Issued(String token, Instant expiresAt) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final KeyRing keys;
    private final KeyRing.Key current;
    private final KeyedHmac mac;
    private final Map<String, KeyedHmac> byId = new ConcurrentHashMap<>();
    private final ProvtidConfig config;
    private final Clock clock;

    public StreamTokens(KeyRing keys, ProvtidConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.current = keys.current(KeyRing.Purpose.STREAM_TOKEN);
        this.mac = new KeyedHmac(current.bytes());
        byId.put(current.id(), mac);
    }

    /** A token for this job's stream, valid for the configured time. */
    public Issued issue(String jobId) {
        Instant expires = clock.instant().plus(config.api().streamTokenTtl());
        String body = jobId + "." + expires.getEpochSecond() + "." + current.id();
        return new Issued(B64.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(mac.sign(body)), expires);
    }

    /** Whether the token is genuine, unexpired and for this job. */
    public boolean valid(String token, String jobId) {
        if (token == null || token.length() > 512) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return false;
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            String[] parts = body.split("\\.", -1);
            if (parts.length != 3) {
                return false;
            }
            KeyedHmac m = macFor(parts[2]);
            return m != null && MessageDigest.isEqual(sig, m.sign(body)) && parts[0].equals(jobId)
                    && Long.parseLong(parts[1]) > clock.instant().getEpochSecond();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private KeyedHmac macFor(String keyId) {
        KeyedHmac m = byId.get(keyId);
        if (m == null && keyId.matches("[0-9a-f]{8}")) {
            KeyRing.Key k = keys.find(KeyRing.Purpose.STREAM_TOKEN, keyId);
            if (k != null) {
                m = byId.computeIfAbsent(keyId, x -> new KeyedHmac(k.bytes()));
            }
        }
        return m;
    }
}
