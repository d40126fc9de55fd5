package se.provtid.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import se.provtid.bankid.AnimatedQr;
import se.provtid.bankid.QrReader;
import se.provtid.site.QrStart;

/**
 * The QR code a person should see now, from the best source at hand: computed from the order's start values
 * (on time to the second), else the {@code qrCode} of the page's own latest status poll, else the pixels of the
 * page's QR canvas. Says which source each frame came from; a code already sent is not sent again.
 */
final class QrFrameSource {

    static final String COMPUTED = "computed";
    static final String INTERCEPTED = "intercepted";
    static final String CANVAS = "canvas";
    private static final Logger LOG = Logger.getLogger(QrFrameSource.class);
    /** Fallback sources change when the page redraws; look often enough to pass a new code on within ~¼ s. */
    private static final Duration FALLBACK_POLL = Duration.ofMillis(250);

    /** One frame to send. */
    record Frame(String payload, String source, Instant validUntil) {
    }

    private final QrStart start;
    private final Supplier<String> intercepted;
    private final Supplier<byte[]> canvas;
    private final boolean computable;
    private String last;

    QrFrameSource(QrStart start, Supplier<String> intercepted, Supplier<byte[]> canvas) {
        this.start = start;
        this.intercepted = intercepted;
        this.canvas = canvas;
        this.computable = computable(start);
    }

    /** Whether every code of the order can be computed from its start values (token, secret, start time). */
    static boolean computable(QrStart start) {
        return start != null && present(start.qrStartToken()) && present(start.qrStartSecret())
                && start.qrStartTime() > 0;
    }

    /** The frame for this moment, or null when it is the one already sent (or no source has one). */
    Frame next(long nowMillis) {
        Frame f = current(nowMillis);
        if (f == null || f.payload().equals(last)) {
            return null;
        }
        last = f.payload();
        return f;
    }

    /** How long to sleep before asking again: just past the next whole second when computing, else a short poll. */
    Duration untilNext(long nowMillis) {
        return computable ? Duration.ofMillis(1000 - nowMillis % 1000 + 5) : FALLBACK_POLL;
    }

    private Frame current(long nowMillis) {
        if (computable) {
            long second = AnimatedQr.elapsedSeconds(start.qrStartTime(), nowMillis);
            return new Frame(AnimatedQr.payload(start.qrStartToken(), start.qrStartSecret(), second), COMPUTED,
                    Instant.ofEpochSecond(start.qrStartTime() + second + 1));
        }
        String polled = intercepted.get();
        if (polled == null && last == null && start != null) {
            polled = start.firstQrCode(); // the order's first code, before the page has polled
        }
        if (polled != null && !polled.isBlank()) {
            return new Frame(polled, INTERCEPTED, validUntil(polled, nowMillis));
        }
        String read = readCanvas();
        return read == null ? null : new Frame(read, CANVAS, validUntil(read, nowMillis));
    }

    private String readCanvas() {
        try {
            byte[] png = canvas.get();
            return png == null ? null : QrReader.decode(png);
        } catch (RuntimeException e) {
            // No canvas yet, or a frame caught mid-redraw: the next look will do.
            LOG.debugf("QR canvas not readable: %s", e.getClass().getSimpleName());
            return null;
        }
    }

    /** A code is current for the second it names: from the order's start time when known, else about a second. */
    private Instant validUntil(String payload, long nowMillis) {
        AnimatedQr.Parsed p = AnimatedQr.parse(payload);
        if (p != null && start != null && start.qrStartTime() > 0) {
            return Instant.ofEpochSecond(start.qrStartTime() + p.seconds() + 1);
        }
        return Instant.ofEpochMilli(nowMillis + 1000);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
