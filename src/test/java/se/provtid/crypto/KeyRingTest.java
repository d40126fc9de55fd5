package se.provtid.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys per purpose from one secret, with ids that find them again after a rotation. */
class KeyRingTest {

    @Test
    void eachPurposeHasItsOwnKeyAndNoneIsTheSecret() {
        KeyRing ring = KeyRing.of("a-long-enough-api-secret-token-0123456789", List.of());
        KeyRing.Key stream = ring.current(KeyRing.Purpose.STREAM_TOKEN);
        KeyRing.Key session = ring.current(KeyRing.Purpose.SITE_SESSION);
        assertFalse(Arrays.equals(stream.bytes(), session.bytes()));
        assertNotEquals(stream.id(), session.id());
        assertEquals(32, stream.bytes().length);
        assertFalse(HexFormat.of().formatHex(stream.bytes()).contains(
                HexFormat.of().formatHex("a-long-enough".getBytes())));
        assertFalse(stream.toString().contains(HexFormat.of().formatHex(stream.bytes())));
    }

    @Test
    void keysOfAnEarlierSecretAreFoundByTheirId() {
        KeyRing old = KeyRing.of("the-old-secret-token-0123456789abcdef", List.of());
        KeyRing rotated = KeyRing.of("the-new-secret-token-0123456789abcdef", List.of("the-old-secret-token-0123456789abcdef"));
        KeyRing.Key before = old.current(KeyRing.Purpose.SITE_SESSION);
        assertNotEquals(before.id(), rotated.current(KeyRing.Purpose.SITE_SESSION).id());
        assertEquals(HexFormat.of().formatHex(before.bytes()),
                HexFormat.of().formatHex(rotated.find(KeyRing.Purpose.SITE_SESSION, before.id()).bytes()));
        assertNull(KeyRing.of("the-new-secret-token-0123456789abcdef", List.of())
                .find(KeyRing.Purpose.SITE_SESSION, before.id()), "without the old secret its blobs stay shut");
    }
}
