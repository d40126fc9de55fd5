package se.provtid.webhook;

import java.net.InetAddress;

/** Where one attempt goes: the checked address to connect to, and the name for the Host header, SNI and certificate. */
public record WebhookTarget(String host, int port, boolean tls, String pathAndQuery, InetAddress address) {
}
