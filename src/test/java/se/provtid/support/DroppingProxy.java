package se.provtid.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the app that can cut the network: {@link #drop()} closes every open connection and
 * refuses new ones (accepts and closes them at once) until {@link #restore()}, as a lost Wi-Fi would; and
 * {@link #spoilNextStreamToken()} makes the app refuse the next stream request as it refuses an expired token.
 */
public final class DroppingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean dropping;
    private volatile boolean spoilStreamToken;

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

    /** The next event-stream request reaches the app with a token it does not accept (a 401, as when expired). */
    public void spoilNextStreamToken() {
        spoilStreamToken = true;
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
                Thread.ofVirtual().start(() -> pipe(client, upstream, true));
                Thread.ofVirtual().start(() -> pipe(upstream, client, false));
            } catch (IOException e) {
                // Closed, or the app refused: the browser sees a network error either way.
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean requests) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) >= 0) {
                byte[] chunk = requests && spoilStreamToken ? spoil(buf, n) : null;
                if (chunk != null) {
                    out.write(chunk);
                } else {
                    out.write(buf, 0, n);
                }
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

    /** The chunk with its stream token spoilt, when it starts a stream request with one; else null. */
    private byte[] spoil(byte[] buf, int n) {
        String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("GET /api/v1/booking/stream/") || !text.contains("token=")) {
            return null;
        }
        spoilStreamToken = false;
        return text.replaceFirst("token=", "token=spoilt").getBytes(StandardCharsets.ISO_8859_1);
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
