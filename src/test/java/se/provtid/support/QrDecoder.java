package se.provtid.support;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Reads a QR code out of a PNG data URL, as a phone camera would. */
public final class QrDecoder {

    private static final java.util.Map<com.google.zxing.DecodeHintType, Object> HINTS = java.util.Map.of(
            com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE,
            com.google.zxing.DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(com.google.zxing.BarcodeFormat.QR_CODE));
    private static final java.util.Map<com.google.zxing.DecodeHintType, Object> PURE = java.util.Map.of(
            com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE,
            com.google.zxing.DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(com.google.zxing.BarcodeFormat.QR_CODE));

    private QrDecoder() {
    }

    public static String decodeDataUrl(String dataUrl) {
        String prefix = "data:image/png;base64,";
        if (!dataUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("not a PNG data URL");
        }
        return decodePng(Base64.getDecoder().decode(dataUrl.substring(prefix.length())));
    }

    public static String decodePng(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("not a readable PNG");
            }
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
            try {
                return new MultiFormatReader().decode(bitmap, HINTS).getText();
            } catch (NotFoundException e) {
                // A generated code is a pure barcode: read it module by module when the finder search misses.
                return new MultiFormatReader().decode(bitmap, PURE).getText();
            }
        } catch (IOException | NotFoundException e) {
            throw new IllegalArgumentException("no QR code found", e);
        }
    }
}
