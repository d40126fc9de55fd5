package se.provtid.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SSRF rules: https only, every resolved address public, and the checked address is the one connected to. */
class AddressGuardTest {

    /** Answers from a table; counts look-ups, so a test can see that a name is resolved only once. */
    private static final class TableResolver extends HostResolver {
        private final Map<String, List<String>> table;
        final List<String> asked = new ArrayList<>();

        TableResolver(Map<String, List<String>> table) {
            this.table = table;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            asked.add(host);
            List<String> ips = table.get(host);
            if (ips == null) {
                return super.resolve(host); // IP literals only: no DNS happens here
            }
            List<InetAddress> out = new ArrayList<>();
            for (String ip : ips) {
                out.add(InetAddress.getByName(ip));
            }
            return out;
        }
    }

    private final TableResolver resolver = new TableResolver(Map.of(
            "hooks.example", List.of("93.184.216.34"),
            "internal.example", List.of("10.0.0.1"),
            "metadata.example", List.of("169.254.169.254"),
            "mixed.example", List.of("93.184.216.34", "192.168.1.10"),
            "v6local.example", List.of("fd00::1"),
            "localhost.example", List.of("127.0.0.1")));
    private final AddressGuard strict = new AddressGuard(resolver, false);

    @Test
    void aPublicHttpsTargetIsPinnedToTheAddressChecked() throws Exception {
        WebhookTarget t = strict.check("https://hooks.example/in?x=1", false);
        assertEquals("hooks.example", t.host());
        assertEquals(443, t.port());
        assertTrue(t.tls());
        assertEquals("/in?x=1", t.pathAndQuery());
        assertEquals("93.184.216.34", t.address().getHostAddress());
        assertEquals(List.of("hooks.example"), resolver.asked);
    }

    @Test
    void refusesPrivateLoopbackLinkLocalAndMetadataTargets() {
        for (String url : List.of("https://127.0.0.1/", "https://localhost.example/", "https://10.0.0.1/",
                "https://internal.example/", "https://172.16.5.4/", "https://192.168.0.1/",
                "https://169.254.169.254/latest/meta-data", "https://metadata.example/", "https://[::1]/",
                "https://[fe80::1]/", "https://[fc00::1]/", "https://v6local.example/", "https://0.0.0.0/",
                "https://100.64.0.1/", "https://224.0.0.1/", "https://[::ffff:10.0.0.1]/", "https://[::]/",
                "https://[64:ff9b::a00:1]/", "https://mixed.example/")) {
            RefusedEndpointException e = assertThrows(RefusedEndpointException.class, () -> strict.check(url, false),
                    url);
            assertTrue(e.getMessage().contains("address"), url + ": " + e.getMessage());
        }
    }

    @Test
    void refusesPlainHttpAndOtherSchemes() {
        assertTrue(assertThrows(RefusedEndpointException.class, () -> strict.check("http://hooks.example/", false))
                .getMessage().contains("https"));
        assertThrows(RefusedEndpointException.class, () -> strict.check("ftp://hooks.example/", false));
        assertThrows(RefusedEndpointException.class, () -> strict.check("not a url", false));
    }

    @Test
    void allowPrivateOrATrustedEndpointLiftsTheRules() throws Exception {
        AddressGuard relaxed = new AddressGuard(resolver, true);
        assertEquals("10.0.0.1", relaxed.check("http://internal.example:8080/x", false).address().getHostAddress());
        assertEquals("127.0.0.1", strict.check("http://localhost.example/x", true).address().getHostAddress());
    }

    @Test
    void classifiesAddresses() throws Exception {
        assertEquals("loopback", AddressGuard.nonPublic(InetAddress.getByName("127.0.0.2")));
        assertEquals("private", AddressGuard.nonPublic(InetAddress.getByName("172.31.255.255")));
        assertEquals(null, AddressGuard.nonPublic(InetAddress.getByName("172.32.0.1")));
        assertEquals("link-local", AddressGuard.nonPublic(InetAddress.getByName("169.254.169.254")));
        assertEquals("unique-local", AddressGuard.nonPublic(InetAddress.getByName("fd12:3456::1")));
        assertEquals(null, AddressGuard.nonPublic(InetAddress.getByName("2606:4700::1111")));
        assertEquals(null, AddressGuard.nonPublic(InetAddress.getByName("8.8.8.8")));
    }

    @Test
    void refusesTunnelNat64AndDiscardPrefixes() throws Exception {
        assertEquals("6to4 tunnel", AddressGuard.nonPublic(InetAddress.getByName("2002:c0a8:0101::1")));
        assertEquals("Teredo tunnel", AddressGuard.nonPublic(InetAddress.getByName("2001:0:4136:e378::1")));
        assertEquals("local-use NAT64", AddressGuard.nonPublic(InetAddress.getByName("64:ff9b:1::808:808")));
        assertEquals("private", AddressGuard.nonPublic(InetAddress.getByName("64:ff9b::a00:1")), "NAT64 to 10.0.0.1");
        assertEquals("discard-only", AddressGuard.nonPublic(InetAddress.getByName("100::1")));
        assertEquals(null, AddressGuard.nonPublic(InetAddress.getByName("2001:4860::8888")), "other 2001:: is public");
    }

    @Test
    void refusesPrivilegedPortsOtherThanTheWebsUnlessAllowed() throws Exception {
        for (String url : List.of("https://hooks.example:25/x", "https://hooks.example:22/", "https://hooks.example:1/")) {
            RefusedEndpointException e = assertThrows(RefusedEndpointException.class, () -> strict.check(url, false),
                    url);
            assertTrue(e.getMessage().contains("not a web port"), e.getMessage());
        }
        assertEquals(8443, strict.check("https://hooks.example:8443/x", false).port());
        assertEquals(443, strict.check("https://hooks.example:443/x", false).port());
        assertEquals(993, new AddressGuard(resolver, false, java.util.Set.of(993))
                .check("https://hooks.example:993/x", false).port());
    }
}
