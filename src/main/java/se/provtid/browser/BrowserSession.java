package se.provtid.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.function.Function;

/** One job's private browser context and page on a host; every use goes through the host's thread. */
public final class BrowserSession implements AutoCloseable {

    private final BrowserHost host;
    private final BrowserContext context;
    private final Page page;
    private boolean closed;

    BrowserSession(BrowserHost host, BrowserContext context, Page page) {
        this.host = host;
        this.context = context;
        this.page = page;
    }

    /** Runs a short call with this session's page on the host thread. */
    public <T> T onPage(Function<Page, T> work) {
        return host.call(() -> work.apply(page));
    }

    /** Runs a short call with this session's context on the host thread. */
    public <T> T onContext(Function<BrowserContext, T> work) {
        return host.call(() -> work.apply(context));
    }

    /** The context's cookies and local storage as JSON, to resume the site session elsewhere. */
    public String storageState() {
        return host.call(() -> context.storageState());
    }

    public BrowserHost host() {
        return host;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            host.call(() -> {
                context.close();
                return null;
            });
        } catch (RuntimeException e) {
            // The browser may already be gone; the context goes with it.
        } finally {
            host.contextClosed();
        }
    }
}
