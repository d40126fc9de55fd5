package se.provtid.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the app that can cut the network: {@link #drop()} closes every open connection and
 * refuses new ones (accepts and closes them at once) until {@link #restore()}, as a lost Wi-Fi would.
 */
public final class DroppingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean dropping;

    public DroppingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** The port the browser should use instead of the app's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Cuts every connection and refuses new ones. */
    public void drop() {
        dropping = true;
        open.forEach(DroppingProxy::quietClose);
        open.clear();
    }

    /** Lets connections through again. */
    public void restore() {
        dropping = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (dropping) {
                    quietClose(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            } catch (IOException e) {
                // Closed, or the app refused: the browser sees a network error either way.
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away.
        } finally {
            quietClose(from);
            quietClose(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        drop();
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
