package org.skingpt.intake.internal;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Pixel work after decoding: the decoded image as plain 8-bit planes, colour management to sRGB,
 * alpha on white, and the EXIF orientation.
 */
final class Pixels {

    /**
     * A decoded image as 8-bit samples.
     *
     * @param colours 1 (grey) or 3 (R, G, B), interleaved in {@code colour}
     * @param alpha   one byte per pixel, or {@code null} when opaque
     */
    record Planes(int width, int height, int colours, byte[] colour, byte[] alpha) {
    }

    private Pixels() {
    }

    /**
     * The samples as stored, without colour conversion. Grey stays grey: Java would treat grey
     * samples as linear light and brighten them, whereas JPEG and PNG grey is gamma-encoded.
     */
    static Planes extract(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        WritableRaster raster = image.getRaster();
        boolean grey = cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
        if (cm instanceof ComponentColorModel && (grey || cs.isCS_sRGB()) && !cm.isAlphaPremultiplied()
                && raster.getNumBands() == cm.getNumComponents()) {
            int colours = grey ? 1 : 3;
            int pixels = Math.multiplyExact(w, h);
            byte[] colour = new byte[Math.multiplyExact(pixels, colours)];
            byte[] alpha = cm.hasAlpha() ? new byte[pixels] : null;
            if (!copyBytes(raster, cm, colours, colour, alpha)) {
                copySamples(raster, cm, colours, colour, alpha);
            }
            return new Planes(w, h, colours, colour, alpha);
        }
        // Palettes, packed pixels and anything else: Java's own conversion to sRGB, row by row.
        int pixels = Math.multiplyExact(w, h);
        byte[] colour = new byte[Math.multiplyExact(pixels, 3)];
        byte[] alpha = cm.hasAlpha() ? new byte[pixels] : null;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, i = y * w; x < w; x++, i++) {
                int argb = row[x];
                colour[3 * i] = (byte) (argb >>> 16);
                colour[3 * i + 1] = (byte) (argb >>> 8);
                colour[3 * i + 2] = (byte) argb;
                if (alpha != null) {
                    alpha[i] = (byte) (argb >>> 24);
                }
            }
        }
        return new Planes(w, h, 3, colour, alpha);
    }

    /** Fast path for 8-bit interleaved rasters (what JPEG and most PNG decode to). */
    private static boolean copyBytes(WritableRaster raster, ColorModel cm, int colours, byte[] colour, byte[] alpha) {
        for (int b = 0; b < cm.getNumComponents(); b++) {
            if (cm.getComponentSize(b) != 8) {
                return false;
            }
        }
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof ComponentSampleModel sm)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        int[] banks = sm.getBankIndices();
        for (int bank : banks) {
            if (bank != 0) {
                return false;
            }
        }
        byte[] data = buffer.getData();
        int[] offsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int scanlineStride = sm.getScanlineStride();
        int base = buffer.getOffset();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int alphaOffset = alpha == null ? 0 : offsets[colours];
        for (int y = 0; y < h; y++) {
            int p = base + y * scanlineStride;
            int i = y * w;
            for (int x = 0; x < w; x++, i++, p += pixelStride) {
                for (int b = 0; b < colours; b++) {
                    colour[i * colours + b] = data[p + offsets[b]];
                }
                if (alpha != null) {
                    alpha[i] = data[p + alphaOffset];
                }
            }
        }
        return true;
    }

    /** Any sample size (16-bit PNG): scaled to 8 bits. */
    private static void copySamples(WritableRaster raster, ColorModel cm, int colours, byte[] colour, byte[] alpha) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0, i = y * w; x < w; x++, i++) {
                for (int b = 0; b < colours; b++) {
                    colour[i * colours + b] = scale(row[x * bands + b], max[b]);
                }
                if (alpha != null) {
                    alpha[i] = scale(row[x * bands + colours], max[colours]);
                }
            }
        }
    }

    private static byte scale(int value, int max) {
        return (byte) (max == 255 ? value : ((long) value * 255 + max / 2) / max);
    }

    /**
     * Interleaved sRGB: converted through {@code profile} when it fits the samples (as many
     * components), otherwise the samples are taken as sRGB already, which is what a browser does
     * with an unusable profile.
     */
    static byte[] toSrgb(Planes planes, ICC_Profile profile) {
        int w = planes.width();
        int h = planes.height();
        int c = planes.colours();
        if (profile != null && profile.getNumComponents() == c) {
            try {
                int[] offsets = c == 1 ? new int[] {0} : new int[] {0, 1, 2};
                Raster source = Raster.createInterleavedRaster(new DataBufferByte(planes.colour(),
                        planes.colour().length), w, h, w * c, c, offsets, null);
                byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
                WritableRaster target = Raster.createInterleavedRaster(new DataBufferByte(out, out.length), w, h,
                        w * 3, 3, new int[] {0, 1, 2}, null);
                ICC_Profile srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB);
                new ColorConvertOp(new ICC_Profile[] {profile, srgb}, null).filter(source, target);
                return out;
            } catch (RuntimeException unusable) {
                // CMMException, ProfileDataException, IllegalArgumentException: fall through to sRGB
            }
        }
        if (c == 3) {
            return planes.colour();
        }
        byte[] grey = planes.colour();
        byte[] out = new byte[Math.multiplyExact(grey.length, 3)];
        for (int i = 0; i < grey.length; i++) {
            out[3 * i] = grey[i];
            out[3 * i + 1] = grey[i];
            out[3 * i + 2] = grey[i];
        }
        return out;
    }

    /** Composites {@code alpha} (may be {@code null}) on white, in place. */
    static void onWhite(byte[] rgb, byte[] alpha) {
        if (alpha == null) {
            return;
        }
        for (int i = 0; i < alpha.length; i++) {
            int a = alpha[i] & 0xFF;
            if (a == 255) {
                continue;
            }
            int white = 255 * (255 - a) + 127;
            for (int k = 3 * i; k < 3 * i + 3; k++) {
                rgb[k] = (byte) (((rgb[k] & 0xFF) * a + white) / 255);
            }
        }
    }

    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * Applies an EXIF orientation (1 to 8) to interleaved RGB: the result is the image as it is
     * meant to be seen. Returns {@code rgb} itself for orientation 1.
     */
    static byte[] orient(byte[] rgb, int w, int h, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return rgb;
        }
        // Source pixel of target (x, y): sx = ax*x + bx*y + cx, sy = ay*x + by*y + cy
        int ax = 0;
        int bx = 0;
        int cx = 0;
        int ay = 0;
        int by = 0;
        int cy = 0;
        switch (orientation) {
            case 2 -> { ax = -1; cx = w - 1; by = 1; }                 // mirror horizontally
            case 3 -> { ax = -1; cx = w - 1; by = -1; cy = h - 1; }    // rotate 180
            case 4 -> { ax = 1; by = -1; cy = h - 1; }                 // mirror vertically
            case 5 -> { bx = 1; ay = 1; }                              // transpose
            case 6 -> { bx = 1; ay = -1; cy = h - 1; }                 // rotate 90 clockwise
            case 7 -> { bx = -1; cx = w - 1; ay = -1; cy = h - 1; }    // transverse
            default -> { bx = -1; cx = w - 1; ay = 1; }                // 8: rotate 90 counter-clockwise
        }
        int targetWidth = swapsSides(orientation) ? h : w;
        int targetHeight = swapsSides(orientation) ? w : h;
        long stepX = 3L * ((long) ay * w + ax);
        long stepY = 3L * ((long) by * w + bx);
        long start = 3L * ((long) cy * w + cx);
        byte[] out = new byte[rgb.length];
        int o = 0;
        for (int y = 0; y < targetHeight; y++) {
            long s = start + y * stepY;
            for (int x = 0; x < targetWidth; x++, s += stepX) {
                int si = (int) s;
                out[o++] = rgb[si];
                out[o++] = rgb[si + 1];
                out[o++] = rgb[si + 2];
            }
        }
        return out;
    }
}
