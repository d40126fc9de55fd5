package se.provtid.api;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import se.provtid.crypto.Digests;
import se.provtid.crypto.KeyedHmac;
import se.provtid.config.ProvtidConfig;

/** Short-lived tokens bound to one job's event stream, so a browser's EventSource never holds the API secret. */
@Singleton
public class StreamTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final KeyedHmac mac;
    private final ProvtidConfig config;
    private final Clock clock = Clock.systemUTC();

    public StreamTokens(ProvtidConfig config) {
        this.config = config;
        // Derived, not the secret itself, so a leaked stream token says nothing about the API token.
        this.mac = new KeyedHmac(Digests.hmacSha256(config.api().secretToken().getBytes(StandardCharsets.UTF_8),
                "provtid-stream-token"));
    }

    /** A token for this job's stream, valid for the configured time. */
    public String issue(String jobId) {
        long expires = clock.instant().plus(config.api().streamTokenTtl()).getEpochSecond();
        String body = jobId + "." + expires;
        return B64.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac.sign(body));
    }

    /** Whether the token is genuine, unexpired and for this job. */
    public boolean valid(String token, String jobId) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return false;
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sig, mac.sign(body))) {
                return false;
            }
            int last = body.lastIndexOf('.');
            return body.substring(0, last).equals(jobId)
                    && Long.parseLong(body.substring(last + 1)) > clock.instant().getEpochSecond();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
