package se.provtid.bankid;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the QR code in a PNG (a screenshot of the site's QR canvas) without AWT or ImageIO, so it also works in
 * a native image: a small PNG decoder (8-bit, non-interlaced: what browsers' screenshots are) feeds the grey
 * levels to ZXing's core reader.
 */
public final class QrReader {

    private static final long PNG_SIGNATURE = 0x89504E470D0A1A0AL;

    private QrReader() {
    }

    /** The QR code's text, or null when the image holds no readable QR code. */
    public static String decode(byte[] png) {
        Grey grey = grey(png);
        var source = new PlanarYUVLuminanceSource(grey.pixels(), grey.width(), grey.height(), 0, 0, grey.width(),
                grey.height(), false);
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return null;
        }
    }

    /** Grey levels of an image, one byte a pixel, row by row. */
    record Grey(int width, int height, byte[] pixels) {
    }

    /** Decodes an 8-bit PNG (grey, grey+alpha, RGB, RGBA; alpha composed on white) into grey levels. */
    static Grey grey(byte[] png) {
        ByteBuffer in = ByteBuffer.wrap(png);
        if (png.length < 8 || in.getLong() != PNG_SIGNATURE) {
            throw new IllegalArgumentException("not a PNG");
        }
        int width = 0;
        int height = 0;
        int colourType = -1;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        while (in.remaining() >= 12) {
            int length = in.getInt();
            String type = new String(png, in.position(), 4, StandardCharsets.US_ASCII);
            in.position(in.position() + 4);
            if (type.equals("IHDR")) {
                width = in.getInt(in.position());
                height = in.getInt(in.position() + 4);
                int depth = png[in.position() + 8];
                colourType = png[in.position() + 9];
                int interlace = png[in.position() + 12];
                if (depth != 8 || interlace != 0 || colourType == 3) {
                    throw new IllegalArgumentException("unsupported PNG: depth " + depth + ", colour type "
                            + colourType + ", interlace " + interlace);
                }
            } else if (type.equals("IDAT")) {
                idat.write(png, in.position(), length);
            } else if (type.equals("IEND")) {
                break;
            }
            in.position(in.position() + length + 4); // data and CRC
        }
        int channels = switch (colourType) {
            case 0 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> throw new IllegalArgumentException("no IHDR");
        };
        byte[] raw = inflate(idat.toByteArray(), (width * channels + 1) * height);
        return new Grey(width, height, toGrey(unfilter(raw, width, height, channels), width, height, channels));
    }

    private static byte[] inflate(byte[] data, int expected) {
        Inflater inflater = new Inflater();
        inflater.setInput(data);
        byte[] out = new byte[expected];
        try {
            int n = 0;
            while (n < expected && !inflater.finished()) {
                int got = inflater.inflate(out, n, expected - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != expected) {
                throw new IllegalArgumentException("truncated PNG data");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt PNG data", e);
        } finally {
            inflater.end();
        }
    }

    /** Undoes the per-row filters (none, sub, up, average, Paeth). */
    private static byte[] unfilter(byte[] raw, int width, int height, int bpp) {
        int stride = width * bpp;
        byte[] out = new byte[stride * height];
        for (int y = 0; y < height; y++) {
            int filter = raw[y * (stride + 1)];
            int src = y * (stride + 1) + 1;
            int row = y * stride;
            for (int x = 0; x < stride; x++) {
                int a = x >= bpp ? out[row + x - bpp] & 0xff : 0;
                int b = y > 0 ? out[row - stride + x] & 0xff : 0;
                int c = x >= bpp && y > 0 ? out[row - stride + x - bpp] & 0xff : 0;
                int v = raw[src + x] & 0xff;
                int predicted = switch (filter) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) >>> 1;
                    case 4 -> paeth(a, b, c);
                    default -> throw new IllegalArgumentException("bad PNG filter " + filter);
                };
                out[row + x] = (byte) (v + predicted);
            }
        }
        return out;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] toGrey(byte[] px, int width, int height, int channels) {
        byte[] out = new byte[width * height];
        for (int i = 0; i < width * height; i++) {
            int o = i * channels;
            int grey;
            int alpha;
            if (channels <= 2) {
                grey = px[o] & 0xff;
                alpha = channels == 2 ? px[o + 1] & 0xff : 255;
            } else {
                grey = (299 * (px[o] & 0xff) + 587 * (px[o + 1] & 0xff) + 114 * (px[o + 2] & 0xff)) / 1000;
                alpha = channels == 4 ? px[o + 3] & 0xff : 255;
            }
            // Transparent pixels show the white page behind the canvas.
            out[i] = (byte) ((grey * alpha + 255 * (255 - alpha)) / 255);
        }
        return out;
    }
}
