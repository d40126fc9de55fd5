package se.provtid.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is: the TCP peer, unless the peer is a trusted proxy; then the X-Forwarded-For chain is walked
 * from the right past trusted proxies, and the first address that is not one is the client (what the nearest
 * trusted proxy saw). An untrusted peer's X-Forwarded-For is ignored: anyone can write that header.
 */
final class ClientAddress {

    /** One trusted network: an address and how many leading bits of it must match. */
    private record Network(byte[] address, int bits) {
        boolean contains(byte[] a) {
            if (a.length != address.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (address[full] & mask);
        }
    }

    private final List<Network> trusted;

    /** @param trusted IPs or CIDRs (10.0.0.0/8, fd00::/8); a wrong one stops startup with its value named */
    ClientAddress(List<String> trusted) {
        List<Network> nets = new ArrayList<>();
        for (String t : trusted) {
            String s = t.trim();
            if (s.isEmpty()) {
                continue;
            }
            int slash = s.indexOf('/');
            byte[] a = parse(slash < 0 ? s : s.substring(0, slash));
            if (a == null) {
                throw new IllegalArgumentException("RATE_LIMIT_TRUSTED_PROXIES: '" + s + "' is not an IP or CIDR");
            }
            int bits = a.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > a.length * 8) {
                    throw new IllegalArgumentException("RATE_LIMIT_TRUSTED_PROXIES: '" + s + "' has a wrong prefix length");
                }
            }
            nets.add(new Network(a, bits));
        }
        this.trusted = List.copyOf(nets);
    }

    /** Whether no proxy is trusted: then every request's client is its TCP peer. */
    boolean trustsNone() {
        return trusted.isEmpty();
    }

    /** The client of a request from {@code peer} with these X-Forwarded-For header values (null or empty: none). */
    String of(String peer, List<String> forwardedFor) {
        byte[] p = parse(peer);
        if (p == null || !trusted(p) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> chain = new ArrayList<>();
        for (String h : forwardedFor) {
            for (String e : h.split(",")) {
                chain.add(e.trim());
            }
        }
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String entry = host(chain.get(i));
            byte[] a = parse(entry);
            if (a == null) {
                // Not an address: no trusted proxy wrote it; the last hop we could follow is the client.
                return client;
            }
            client = canonical(a, entry);
            if (!trusted(a)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(byte[] a) {
        for (Network n : trusted) {
            if (n.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** An X-Forwarded-For entry without a port: 1.2.3.4:56 and [::1]:80 become 1.2.3.4 and ::1. */
    private static String host(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(1, end);
        }
        int colon = entry.indexOf(':');
        return colon > 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }

    private static String canonical(byte[] a, String fallback) {
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }

    /** The bytes of an IP literal, or null; never a DNS lookup (only hex digits, dots and colons get parsed). */
    static byte[] parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return null;
            }
        }
        if (s.indexOf(':') < 0 && !s.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return null;
        }
        try {
            byte[] a = InetAddress.getByName(s).getAddress();
            return a;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
