package org.skingpt.intake.internal;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.intake.SanitizedImage;

/**
 * A minimal decoder for the one PNG flavour intake writes (8-bit RGB, not interlaced): faster than
 * a general decoder and without ImageIO. It lives here, not in the API, so that a fix to it is an
 * update of the intake bundle rather than of {@code org.skingpt.api}.
 */
final class PngPixels {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IHDR = 0x49484452;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;

    private PngPixels() {
    }

    /**
     * The pixels of a sanitised image.
     *
     * @throws IllegalStateException if its PNG is not the flavour intake writes, or is damaged
     */
    static RgbImage rgb(SanitizedImage image) {
        checkHeader(image.png(), image.width(), image.height());
        return new RgbImage(image.width(), image.height(), decodeRgb(image.png(), image.width(), image.height()));
    }

    /** Checks the signature and that IHDR declares {@code width} x {@code height}. */
    static void checkHeader(byte[] png, int width, int height) {
        if (png.length < 33 || !startsWithSignature(png) || readInt(png, 8) != 13 || readInt(png, 12) != IHDR) {
            throw new IllegalStateException("png is not a PNG image");
        }
        if (readInt(png, 16) != width || readInt(png, 20) != height) {
            throw new IllegalStateException("png is " + readInt(png, 16) + "x" + readInt(png, 20)
                    + ", not " + width + "x" + height);
        }
    }

    static byte[] decodeRgb(byte[] png, int width, int height) {
        int bitDepth = png[24] & 0xFF;
        int colourType = png[25] & 0xFF;
        int interlace = png[28] & 0xFF;
        if (bitDepth != 8 || colourType != 2 || interlace != 0) {
            throw new IllegalStateException("expected an 8-bit RGB, non-interlaced PNG; got bit depth " + bitDepth
                    + ", colour type " + colourType + ", interlace " + interlace);
        }
        int stride = Math.multiplyExact(width, 3);
        byte[] filtered = new byte[Math.multiplyExact(stride + 1, height)];
        Inflater inflater = new Inflater();
        try {
            int produced = 0;
            int pos = 8;
            boolean ended = false;
            while (!ended) {
                if (pos + 12 > png.length) {
                    throw new IllegalStateException("PNG is truncated");
                }
                int length = readInt(png, pos);
                int type = readInt(png, pos + 4);
                if (length < 0 || length > png.length - pos - 12) {
                    throw new IllegalStateException("PNG chunk runs past the end of the data");
                }
                if (type == IDAT) {
                    inflater.setInput(png, pos + 8, length);
                    while (!inflater.needsInput() && !inflater.finished() && produced < filtered.length) {
                        int n = inflater.inflate(filtered, produced, filtered.length - produced);
                        if (n == 0 && (inflater.needsDictionary() || inflater.finished())) {
                            break;
                        }
                        produced += n;
                    }
                } else if (type == IEND) {
                    ended = true;
                }
                pos += length + 12;
            }
            if (produced != filtered.length) {
                throw new IllegalStateException("PNG holds " + produced + " bytes of image data, expected "
                        + filtered.length);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("PNG image data is damaged", e);
        } finally {
            inflater.end();
        }
        return unfilter(filtered, stride, height);
    }

    private static byte[] unfilter(byte[] filtered, int stride, int height) {
        byte[] out = new byte[stride * height];
        for (int y = 0; y < height; y++) {
            int filter = filtered[y * (stride + 1)];
            int in = y * (stride + 1) + 1;
            int row = y * stride;
            int previous = row - stride;
            for (int i = 0; i < stride; i++) {
                int x = filtered[in + i] & 0xFF;
                int a = i >= 3 ? out[row + i - 3] & 0xFF : 0;
                int b = y > 0 ? out[previous + i] & 0xFF : 0;
                int c = i >= 3 && y > 0 ? out[previous + i - 3] & 0xFF : 0;
                int value = switch (filter) {
                    case 0 -> x;
                    case 1 -> x + a;
                    case 2 -> x + b;
                    case 3 -> x + ((a + b) >>> 1);
                    case 4 -> x + paeth(a, b, c);
                    default -> throw new IllegalStateException("unknown PNG filter type " + filter);
                };
                out[row + i] = (byte) value;
            }
        }
        return out;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static boolean startsWithSignature(byte[] data) {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (data[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readInt(byte[] data, int pos) {
        return (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16 | (data[pos + 2] & 0xFF) << 8
                | data[pos + 3] & 0xFF;
    }
}
