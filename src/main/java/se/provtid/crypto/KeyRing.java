package se.provtid.crypto;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import se.provtid.config.ProvtidConfig;

/**
 * Keys derived from the API secret with HKDF-SHA256 (RFC 5869), one per purpose, so the bearer token, stream
 * tokens and sealed site sessions never share a key. Each key has an id that tokens and sealed blobs carry; keys
 * derived from earlier secrets still open what they made, so a secret can be rotated without breaking them.
 */
@Singleton
public class KeyRing {

    /** What a key is for; the label is HKDF's "info", so each purpose gets an unrelated key. */
    public enum Purpose {
        STREAM_TOKEN("provtid/stream-token/v1"), SITE_SESSION("provtid/site-session/v1");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }
    }

    /** One derived key and its id (8 hex digits). */
    public record Key(String id, byte[] bytes) {
        @Override
        public String toString() {
            return "Key[" + id + "]"; // never the key itself
        }
    }

    private static final byte[] SALT = "provtid-hkdf-salt-v1".getBytes(StandardCharsets.UTF_8);
    private final List<byte[]> secrets;

    @Inject
    public KeyRing(ProvtidConfig config) {
        this(config.api().secretToken().orElse(""), config.api().previousSecretTokens().orElse(List.of()));
    }

    /** The current secret first, then earlier ones that may still have made tokens or blobs. */
    public static KeyRing of(String current, List<String> previous) {
        return new KeyRing(current, previous);
    }

    private KeyRing(String current, List<String> previous) {
        List<byte[]> all = new ArrayList<>();
        all.add(current.getBytes(StandardCharsets.UTF_8));
        previous.stream().filter(s -> !s.isBlank()).forEach(s -> all.add(s.getBytes(StandardCharsets.UTF_8)));
        this.secrets = List.copyOf(all);
    }

    /** The key new tokens and blobs of this purpose are made with. */
    public Key current(Purpose purpose) {
        return derive(secrets.getFirst(), purpose);
    }

    /** The key with this id for this purpose, from the current or an earlier secret; null when none has it. */
    public Key find(Purpose purpose, String id) {
        for (byte[] secret : secrets) {
            Key k = derive(secret, purpose);
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }

    private static Key derive(byte[] secret, Purpose purpose) {
        byte[] prk = Digests.hmacSha256(SALT, secret);
        byte[] info = purpose.label.getBytes(StandardCharsets.UTF_8);
        byte[] t1 = new byte[info.length + 1];
        System.arraycopy(info, 0, t1, 0, info.length);
        t1[info.length] = 1;
        byte[] okm = Digests.hmacSha256(prk, t1); // 32 bytes: one HKDF block is all an HMAC or AES-256 key needs
        String id = HexFormat.of().formatHex(Digests.hmacSha256(okm, "key-id"), 0, 4);
        return new Key(id, okm);
    }
}
