package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import se.provtid.bankid.AnimatedQr;
import se.provtid.bankid.QrImage;
import se.provtid.site.QrStart;

/** The QR frame sources in their order (computed, intercepted, canvas), each frame naming its source, no repeats. */
class QrFrameSourceTest {

    private static final long T0 = 1_790_000_000L; // qrStartTime, epoch seconds
    private static final String TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8";
    private static final String SECRET = "d28db9a7-4cde-429e-a983-359be676944c";

    private static String code(long second) {
        return AnimatedQr.payload(TOKEN, SECRET, second);
    }

    @Test
    void withTheStartValuesEveryFrameIsComputedOnTimeAndNoOtherSourceIsAsked() {
        AtomicInteger asked = new AtomicInteger();
        QrFrameSource frames = new QrFrameSource(new QrStart("ref", "auto", TOKEN, SECRET, T0, code(0)), () -> {
            asked.incrementAndGet();
            return code(0);
        }, () -> {
            asked.incrementAndGet();
            return QrImage.png(code(0));
        });
        QrFrameSource.Frame f = frames.next(T0 * 1000 + 2_010);
        assertEquals(code(2), f.payload());
        assertEquals(QrFrameSource.COMPUTED, f.source());
        assertEquals(Instant.ofEpochSecond(T0 + 3), f.validUntil(), "second 2's code is current until T0+3");
        assertNull(frames.next(T0 * 1000 + 2_900), "the same code again is not re-sent");
        assertEquals(code(3), frames.next(T0 * 1000 + 3_000).payload());
        assertEquals(0, asked.get());
        assertEquals(995 + 5, frames.untilNext(T0 * 1000 + 3_005).toMillis(), "wakes just after the next second");
    }

    @Test
    void withoutTheSecretTheInterceptedPollCodeIsUsedThenTheCanvas() {
        AtomicReference<String> polled = new AtomicReference<>();
        AtomicReference<byte[]> canvas = new AtomicReference<>();
        AtomicInteger canvasReads = new AtomicInteger();
        // A site that hides the secret: start values without it, and no first code either.
        QrFrameSource frames = new QrFrameSource(new QrStart("ref", "auto", TOKEN, null, T0, null), polled::get, () -> {
            canvasReads.incrementAndGet();
            return canvas.get();
        });
        assertNull(frames.next(T0 * 1000), "no source has a code yet");

        canvas.set(QrImage.png(code(1)));
        QrFrameSource.Frame fromPixels = frames.next(T0 * 1000 + 1_100);
        assertEquals(QrFrameSource.CANVAS, fromPixels.source());
        assertEquals(code(1), fromPixels.payload());
        assertEquals(Instant.ofEpochSecond(T0 + 2), fromPixels.validUntil());
        assertNull(frames.next(T0 * 1000 + 1_300), "the same pixels are not re-sent");

        polled.set(code(2));
        int readsBefore = canvasReads.get();
        QrFrameSource.Frame fromPoll = frames.next(T0 * 1000 + 2_050);
        assertEquals(QrFrameSource.INTERCEPTED, fromPoll.source(), "the poll's code beats the pixels");
        assertEquals(code(2), fromPoll.payload());
        assertEquals(readsBefore, canvasReads.get(), "no screenshot while the poll has a code");
        assertNull(frames.next(T0 * 1000 + 2_300));
        assertEquals(250, frames.untilNext(T0 * 1000).toMillis(), "fallback sources are looked at often");
    }

    @Test
    void withoutStartValuesTheOrdersFirstCodeIsSentBeforeThePageHasPolled() {
        QrFrameSource frames = new QrFrameSource(new QrStart("ref", "auto", null, null, 0, code(0)), () -> null, () -> null);
        QrFrameSource.Frame f = frames.next(T0 * 1000);
        assertEquals(QrFrameSource.INTERCEPTED, f.source());
        assertEquals(code(0), f.payload());
    }

    @Test
    void anUnreadableCanvasIsNoFrame() {
        QrFrameSource frames = new QrFrameSource(null, () -> null, () -> {
            throw new IllegalStateException("no canvas yet");
        });
        assertNull(frames.next(T0 * 1000));
    }
}
