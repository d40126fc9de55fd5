package se.provtid.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** BROWSER_CHROMIUM_TESTED_MAJORS is read strictly, and a Chromium outside it is named in a warning. */
class ChromiumVersionCheckTest {

    @Test
    void aRangeHoldsItsEndsAndNothingOutside() {
        ChromiumMajors tested = ChromiumMajors.parse("150-160");
        assertTrue(tested.contains("150.0.1.2"));
        assertTrue(tested.contains("160.0.8078.114"));
        assertFalse(tested.contains("149.0.7000.1"));
        assertFalse(tested.contains("161.0.1.1"));
        ChromiumMajors one = ChromiumMajors.parse(" 156 ");
        assertTrue(one.contains("156.0.8078.114"));
        assertFalse(one.contains("157.0.1.1"));
        assertEquals("156", one.toString());
    }

    @Test
    void aBadSettingSaysWhatAGoodOneLooksLike() {
        for (String bad : new String[] {"", "latest", "150-", "150..160", "-160", "150-160-170"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChromiumMajors.parse(bad));
            assertTrue(e.getMessage().contains("BROWSER_CHROMIUM_TESTED_MAJORS") && e.getMessage().contains("150-160"),
                    bad + ": " + e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChromiumMajors.parse("160-150")).getMessage()
                .contains("backwards"));
    }

    @Test
    void theVersionIsReadFromDebiansAndPlaywrightsWording() {
        assertEquals(Optional.of("156.0.8078.114"),
                ChromiumMajors.version("Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)\n"));
        assertEquals(Optional.of("156.0.8078.114"), ChromiumMajors.version("156.0.8078.114"));
        assertEquals(Optional.empty(), ChromiumMajors.version("/usr/bin/chromium: 9: [: 25274863616: unexpected operator"));
    }

    @Test
    void aVersionOutsideTheRangeIsWarnedAboutByNumberAndSetting() {
        ChromiumMajors tested = ChromiumMajors.parse("150-155");
        String warning = ChromiumVersionCheck.warning("156.0.8078.114", tested);
        assertTrue(warning.contains("156.0.8078.114") && warning.contains("(150-155)")
                && warning.contains("BROWSER_CHROMIUM_TESTED_MAJORS"), warning);
        assertEquals("Chromium at /x/chromium: its version could not be read (tested majors: 150-155)",
                ChromiumVersionCheck.message(Path.of("/x/chromium"), Optional.empty(), tested));
    }

    @Test
    void theInstalledChromiumReportsAVersionInTheDefaultRange() {
        Path chromium = Path.of(BrowserEngine.DEBIAN_CHROMIUM);
        Assumptions.assumeTrue(Files.isExecutable(chromium), "Debian's Chromium is installed by bin/test");
        Optional<String> version = ChromiumVersionCheck.read(chromium);
        assertTrue(version.isPresent(), "chromium --version names a version");
        // The default range is what this build was tested with: the Chromium it is tested on must lie in it.
        assertTrue(ChromiumMajors.parse("150-160").contains(version.get()), version.get());
    }
}
