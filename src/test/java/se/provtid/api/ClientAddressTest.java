package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        ClientAddress none = new ClientAddress(List.of());
        assertEquals("127.0.0.1", none.of("127.0.0.1", List.of("9.9.9.9")));
        ClientAddress other = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("192.0.2.7", other.of("192.0.2.7", List.of("9.9.9.9")));
    }

    @Test
    void theChainIsWalkedFromTheRightPastTrustedProxies() {
        ClientAddress c = new ClientAddress(List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8"));
        assertEquals("9.9.9.9", c.of("127.0.0.1", List.of("9.9.9.9")));
        // The client forged the leftmost entry; the nearest trusted proxy saw 203.0.113.5.
        assertEquals("203.0.113.5", c.of("127.0.0.1", List.of("1.1.1.1, 203.0.113.5, 10.1.2.3")));
        assertEquals("203.0.113.5", c.of("127.0.0.1", List.of("1.1.1.1", "203.0.113.5:4711, 10.1.2.3")));
        assertEquals("2001:db8:0:0:0:0:0:1", c.of("fd00::1", List.of("[2001:db8::1]:443")));
        // Every entry a trusted proxy: the leftmost is the client.
        assertEquals("10.0.0.9", c.of("127.0.0.1", List.of("10.0.0.9, 10.0.0.8")));
        // Garbage is no address: the last hop that could be followed.
        assertEquals("10.0.0.8", c.of("127.0.0.1", List.of("evil.example, 10.0.0.8")));
        assertEquals("127.0.0.1", c.of("127.0.0.1", List.of()));
    }

    @Test
    void wrongTrustedProxiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/x")));
    }
}
