package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.Test;
import se.provtid.browser.BrowserGoneException;
import se.provtid.site.SiteException;

/** What a failed attempt records: our code and text, never a library's message (it may list cookies). */
class AttemptFailureTest {

    private static final String LEAKY = "connect ECONNREFUSED\nCall log:\n  - cookie: ASP.NET_SessionId=SECRET";

    @Test
    void aLibraryErrorIsRecordedByItsClassNameOnly() {
        AttemptFailure f = AttemptFailure.of(new PlaywrightException(LEAKY));
        assertEquals("internal_error", f.code());
        assertEquals("PlaywrightException", f.detail());
    }

    @Test
    void aLostBrowserIsRecordedByItsClassNameOnly() {
        AttemptFailure f = AttemptFailure.of(new BrowserGoneException("host 1", new PlaywrightException(LEAKY)));
        assertEquals("browser_unavailable", f.code());
        assertFalse(f.detail().contains("SECRET"));
    }

    @Test
    void aSiteErrorKeepsOurOwnTextOrTheSitesOwnMessage() {
        AttemptFailure f = AttemptFailure.of(new SiteException(400, "Du har redan en bokning."));
        assertEquals("site_error", f.code());
        assertEquals("Du har redan en bokning.", f.detail());
    }
}
