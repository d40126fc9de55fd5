package se.provtid.bankid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import se.provtid.support.QrDecoder;

/** The PNG we render must scan back to exactly the payload. */
class QrImageTest {

    @Test
    void pngScansBackToThePayload() {
        String payload = AnimatedQr.payload("67df3917-fa0d-44e5-b327-edcc928297f8",
                "d28db9a7-4cde-429e-a983-359be676944c", 42);
        String url = QrImage.dataUrl(payload);
        assertTrue(url.startsWith("data:image/png;base64,"));
        assertEquals(payload, QrDecoder.decodeDataUrl(url));
    }
}
