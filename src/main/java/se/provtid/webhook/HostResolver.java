package se.provtid.webhook;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name once per attempt; the guard checks what it returns and the sender connects to exactly that. */
@Singleton
public class HostResolver {

    /** Every address of {@code host}. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
