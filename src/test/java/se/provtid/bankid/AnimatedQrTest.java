package se.provtid.bankid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The BankID animated QR against the test vector published in the site dossier. */
class AnimatedQrTest {

    private static final String TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8";
    private static final String SECRET = "d28db9a7-4cde-429e-a983-359be676944c";

    @Test
    void authCodesMatchTheDossierVector() {
        assertEquals("dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8", AnimatedQr.authCode(SECRET, 0));
        assertEquals("949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2", AnimatedQr.authCode(SECRET, 1));
        assertEquals("a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3", AnimatedQr.authCode(SECRET, 2));
    }

    @Test
    void payloadHasTheBankIdLayoutAndParsesBack() {
        String payload = AnimatedQr.payload(TOKEN, SECRET, 1);
        assertEquals("bankid." + TOKEN + ".1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2", payload);
        AnimatedQr.Parsed p = AnimatedQr.parse(payload);
        assertEquals(TOKEN, p.qrStartToken());
        assertEquals(1, p.seconds());
    }

    @Test
    void elapsedSecondsCountFromTheOrderStart() {
        assertEquals(0, AnimatedQr.elapsedSeconds(1_000, 999_999));
        assertEquals(0, AnimatedQr.elapsedSeconds(1_000, 1_000_999));
        assertEquals(5, AnimatedQr.elapsedSeconds(1_000, 1_005_000));
    }

    @Test
    void rejectsStringsThatAreNotAnimatedQrCodes() {
        assertNull(AnimatedQr.parse("bankid.x.1"));
        assertNull(AnimatedQr.parse("otpauth://x"));
        assertNull(AnimatedQr.parse("bankid." + TOKEN + ".-1." + "a".repeat(64)));
        assertNull(AnimatedQr.parse(null));
    }
}
