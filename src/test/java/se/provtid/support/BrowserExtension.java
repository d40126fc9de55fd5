package se.provtid.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own headless Chromium (see {@link TestChromium}), for a static {@code @RegisterExtension} field:
 * launched once before the class's tests and closed after them; a context it opens is closed after its test.
 */
public final class BrowserExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final List<BrowserContext> contexts = new CopyOnWriteArrayList<>();
    private Playwright playwright;
    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        playwright = TestChromium.playwright();
        browser = TestChromium.launch(playwright);
    }

    public Browser browser() {
        if (browser == null) {
            throw new IllegalStateException("the browser runs only while the test class does");
        }
        return browser;
    }

    /** A fresh context (cookies and storage of its own) that speaks {@code locale}, as a person's browser does. */
    public BrowserContext newContext(String locale) {
        BrowserContext context = browser().newContext(new Browser.NewContextOptions().setLocale(locale));
        contexts.add(context);
        return context;
    }

    /** A test that failed before closing its context must not leave its pages running into the next test. */
    @Override
    public void afterEach(ExtensionContext context) {
        for (BrowserContext c : contexts) {
            c.close(); // a no-op for a context the test closed itself
        }
        contexts.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (playwright != null) {
            playwright.close(); // closes the browser with it
            playwright = null;
            browser = null;
        }
    }
}
