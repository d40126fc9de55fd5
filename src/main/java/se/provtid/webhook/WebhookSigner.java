package se.provtid.webhook;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import se.provtid.crypto.Digests;

/** Signs webhooks the Standard Webhooks way: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} per secret. */
@Singleton
public class WebhookSigner {

    private static final String PREFIX = "whsec_";
    private final List<byte[]> keys;

    @Inject
    public WebhookSigner(WebhookConfig config) {
        this(config.secret().orElse(""));
    }

    /** Signs with every space-separated secret in {@code secrets}. */
    public WebhookSigner(String secrets) {
        List<byte[]> k = new ArrayList<>();
        for (String s : secrets.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                k.add(key(s));
            }
        }
        this.keys = List.copyOf(k);
    }

    /** Whether any secret is configured; without one nothing may be sent. */
    public boolean ready() {
        return !keys.isEmpty();
    }

    /** The value of the {@code webhook-signature} header: one {@code v1,...} per secret, space separated. */
    public String sign(String webhookId, long timestampSeconds, byte[] body) {
        byte[] prefix = (webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        // The bytes signed are exactly the bytes sent.
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        StringBuilder out = new StringBuilder();
        for (byte[] key : keys) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append("v1,").append(Base64.getEncoder().encodeToString(Digests.hmacSha256(key, content)));
        }
        return out.toString();
    }

    private static byte[] key(String secret) {
        if (secret.startsWith(PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // Never echo the secret itself.
                throw new IllegalArgumentException("WEBHOOK_SECRET: a whsec_ secret must be base64 after the prefix");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
