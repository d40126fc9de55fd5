package se.provtid.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void personalNumbersInEveryShapeAreMasked() {
        for (String pnr : new String[] {"199001012384", "19900101-2384", "900101-2384", "9001012384", "900101+2384",
                "19900161-2384"}) {
            String out = Redaction.redact("person " + pnr + ", logged in");
            assertEquals("person [redacted], logged in", out, "a personal number shape was not masked");
        }
    }

    @Test
    void qrPayloadsBearerTokensWebhookSecretsAndCookiesAreMasked() {
        String qr = "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.3." + "ab".repeat(32);
        assertEquals("qr [redacted] shown", Redaction.redact("qr " + qr + " shown"));
        String token = "5f0b9e3c-0d1a-4c2e-9b7a-2f1d8e6c4a10";
        assertEquals("frame {\"autostart_token\":\"[redacted]\"}",
                Redaction.redact("frame {\"autostart_token\":\"" + token + "\"}"));
        assertEquals("site {\"autostartToken\": \"[redacted]\"}",
                Redaction.redact("site {\"autostartToken\": \"" + token + "\"}"));
        assertEquals("open bankid:///?autostarttoken=[redacted]&redirect=null",
                Redaction.redact("open bankid:///?autostarttoken=" + token + "&redirect=null"));
        assertEquals("Authorization: Bearer [redacted]", Redaction.redact("Authorization: Bearer abc.def-123"));
        assertEquals("secret whsec_[redacted] used", Redaction.redact("secret whsec_MfKQ9r8GKY+/= used"));
        assertEquals("Cookie: [redacted]", Redaction.redact("Cookie: ASP.NET_SessionId=abc; LoginValid=1"));
        assertEquals("set-cookie: [redacted]", Redaction.redact("set-cookie: FpsExternalIdentity=x; Path=/"));
        assertEquals("state ASP.NET_SessionId=[redacted]; x", Redaction.redact("state ASP.NET_SessionId=abc; x"));
    }

    @Test
    void idsTimesAndPortsStayReadable() {
        String[] keep = {"job_0123456789abcdef01234567", "job_199001012384abcdef012345", "stream 1733030000123-0",
                "at 1733030000123", "epoch 1733030000", "port 6379", "http://127.0.0.1:8080/x", "2026-12-01T06:10:03Z",
                "uuid 67df3917-fa0d-44e5-b327-edcc928297f8", "took 1234 ms", "cookies: 3"};
        for (String s : keep) {
            assertSame(s, Redaction.redact(s), "changed: " + s);
        }
    }

    @Test
    void exceptionMessagesAreMaskedAlongTheCauseChain() {
        Exception cause = new IllegalStateException("for 19900101-2384");
        Exception top = new RuntimeException("outer Bearer abc", cause);
        Throwable out = Redaction.redact(top);
        assertTrue(out.toString().startsWith("java.lang.RuntimeException: outer Bearer [redacted]"));
        assertEquals("java.lang.IllegalStateException: for [redacted]", out.getCause().toString());
        assertEquals(top.getStackTrace().length, out.getStackTrace().length);
        Exception clean = new RuntimeException("nothing here");
        assertSame(clean, Redaction.redact(clean));
        assertFalse(RequestIds.accept("19900101-2384"));
        assertTrue(RequestIds.accept("req-1"));
        assertFalse(RequestIds.accept("a b"));
        assertFalse(RequestIds.accept("x".repeat(129)));
    }

    @Test
    void aLogFormatOtherThanJsonOrTextStopsStartup() {
        LogFormatCheck.check("json");
        LogFormatCheck.check("text");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LogFormatCheck.check("xml"));
        assertEquals("LOG_FORMAT must be json or text, not 'xml'", e.getMessage());
    }
}
