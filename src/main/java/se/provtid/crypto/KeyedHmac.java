package se.provtid.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under one fixed key, with a ready {@link Mac} per thread: no provider lookup per message. */
public final class KeyedHmac {

    private final ThreadLocal<Mac> macs;

    public KeyedHmac(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** The MAC of the UTF-8 bytes of {@code message}. */
    public byte[] sign(String message) {
        return macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8)); // doFinal also resets the Mac
    }
}
