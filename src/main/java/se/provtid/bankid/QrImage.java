package se.provtid.bankid;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Renders a QR payload as a black-on-white PNG data URL without AWT, so it also works in a native image. */
public final class QrImage {

    private static final int SCALE = 6;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private QrImage() {
    }

    /** A {@code data:image/png;base64,...} URL of the payload's QR code. */
    public static String dataUrl(String payload) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(payload));
    }

    /** PNG bytes of the payload's QR code (quiet zone of 4 modules, 6 pixels a module). */
    public static byte[] png(String payload) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L, EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            throw new IllegalArgumentException("payload does not fit a QR code", e);
        }
        int size = matrix.getWidth() * SCALE;
        // 8-bit greyscale rows, each prefixed by filter byte 0.
        byte[] raw = new byte[size * (size + 1)];
        for (int y = 0; y < size; y++) {
            int row = y * (size + 1);
            for (int x = 0; x < size; x++) {
                raw[row + 1 + x] = matrix.get(x / SCALE, y / SCALE) ? 0 : (byte) 0xff;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, size);
        putInt(header, 4, size);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        chunk(out, "IHDR", header);
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED))) {
            z.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
