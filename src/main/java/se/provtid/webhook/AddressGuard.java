package se.provtid.webhook;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps webhooks from reaching inside the network (SSRF): a job's URL must be https and every address its name
 * resolves to must be public, unless private targets are allowed. The sender connects to the address checked here,
 * so a name that resolves differently a moment later (DNS rebinding) changes nothing.
 */
@Singleton
public class AddressGuard {

    private final HostResolver resolver;
    private final boolean allowPrivate;
    private final Set<Integer> allowedLowPorts;

    @Inject
    public AddressGuard(HostResolver resolver, WebhookConfig config) {
        this(resolver, config.allowPrivate(), Set.copyOf(config.allowedLowPorts().orElse(List.of())));
    }

    AddressGuard(HostResolver resolver, boolean allowPrivate) {
        this(resolver, allowPrivate, Set.of());
    }

    AddressGuard(HostResolver resolver, boolean allowPrivate, Set<Integer> allowedLowPorts) {
        this.resolver = resolver;
        this.allowPrivate = allowPrivate;
        this.allowedLowPorts = allowedLowPorts;
    }

    /** The target to connect to; {@code trusted} skips the address rules (operator-configured endpoints). */
    public WebhookTarget check(String url, boolean trusted) throws RefusedEndpointException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedEndpointException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!(scheme.equals("https") || scheme.equals("http")) || host == null) {
            throw new RefusedEndpointException("only absolute http(s) URLs can be called");
        }
        boolean relaxed = allowPrivate || trusted;
        if (scheme.equals("http") && !relaxed) {
            throw new RefusedEndpointException("webhook URLs must use https");
        }
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw new RefusedEndpointException("host name does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new RefusedEndpointException("host name does not resolve");
        }
        if (!relaxed) {
            // Every answer must be public: a name with one private answer could be steered to it.
            for (InetAddress a : addresses) {
                String why = nonPublic(a);
                if (why != null) {
                    throw new RefusedEndpointException("host resolves to a " + why + " address (" + a.getHostAddress()
                            + "); set WEBHOOK_ALLOW_PRIVATE=true to allow it");
                }
            }
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        if (!relaxed && port < 1024 && port != 80 && port != 443 && !allowedLowPorts.contains(port)) {
            // A privileged port is some other service's (SMTP, SSH, a database): not a webhook receiver.
            throw new RefusedEndpointException("port " + port + " is not a web port; set WEBHOOK_ALLOWED_PORTS to "
                    + "allow it");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new WebhookTarget(name, port, tls, pathAndQuery, addresses.getFirst());
    }

    /** Why an address is not public (loopback, private, ...), or null when it is. */
    static String nonPublic(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return nonPublicV4(b);
        }
        if (a instanceof Inet6Address) {
            return nonPublicV6(b);
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String nonPublicV4(byte[] b) {
        int x = b[0] & 0xff;
        int y = b[1] & 0xff;
        if (x == 0) {
            return "unspecified";
        }
        if (x == 10 || x == 172 && (y & 0xf0) == 16 || x == 192 && y == 168) {
            return "private";
        }
        if (x == 100 && (y & 0xc0) == 64) {
            return "shared (carrier-grade NAT)";
        }
        if (x == 169 && y == 254) {
            return "link-local";
        }
        if (x == 192 && y == 0 && (b[2] & 0xff) == 0 || x == 198 && (y & 0xfe) == 18) {
            return "reserved";
        }
        if (x == 192 && y == 0 && (b[2] & 0xff) == 2 || x == 198 && y == 51 && (b[2] & 0xff) == 100
                || x == 203 && y == 0 && (b[2] & 0xff) == 113) {
            return "documentation";
        }
        if (x >= 224) {
            return x < 240 ? "multicast" : "reserved";
        }
        return null;
    }

    private static String nonPublicV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "unique-local";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "link-local";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "site-local";
        }
        if (first == 0xff) {
            return "multicast";
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && (b[10] == 0 && b[11] == 0 || b[10] == (byte) 0xff && b[11] == (byte) 0xff)) {
            // IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d): judge the IPv4 address inside.
            byte[] v4 = {b[12], b[13], b[14], b[15]};
            String why = nonPublicV4(v4);
            return why != null ? why : b[10] == 0 ? "deprecated IPv4-compatible" : null;
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && b[4] == 0 && b[5] == 0x01) {
            return "local-use NAT64";
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12)) {
            // NAT64 (64:ff9b::/96) reaches the IPv4 address inside.
            return nonPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == (byte) 0xb8) {
            return "documentation";
        }
        // Tunnels whose addresses carry an IPv4 address a relay would forward to: 6to4 and Teredo.
        if (b[0] == 0x20 && b[1] == 0x02) {
            return "6to4 tunnel";
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return "Teredo tunnel";
        }
        if (b[0] == 0x01 && b[1] == 0 && allZero(b, 2, 8)) {
            return "discard-only";
        }
        return null;
    }
}
