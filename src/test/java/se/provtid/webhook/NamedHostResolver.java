package se.provtid.webhook;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Test DNS: names under {@code .webhook.test} resolve from a table (no real DNS), every other name as usual. Lets
 * tests name a host that resolves to loopback or to a private address without touching the network.
 */
@Mock
@Singleton
public class NamedHostResolver extends HostResolver {

    static final Map<String, String> TABLE = Map.of(
            "loopback.webhook.test", "127.0.0.1",
            // Only ever used where private targets are refused: nothing may be sent to these.
            "internal.webhook.test", "10.0.0.1",
            "metadata.webhook.test", "169.254.169.254");

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String ip = TABLE.get(host);
        return ip == null ? super.resolve(host) : List.of(InetAddress.getByName(ip));
    }
}
