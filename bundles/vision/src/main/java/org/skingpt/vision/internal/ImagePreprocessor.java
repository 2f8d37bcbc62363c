package org.skingpt.vision.internal;

import org.skingpt.api.inference.RgbImage;

/**
 * The reference's image transform ({@code Blip2ImageEvalProcessor}: {@code Resize((s, s), BICUBIC)},
 * {@code ToTensor}, {@code Normalize(mean, std)}) in plain Java, so that the same photo gives the same
 * tensor as the Python model saw.
 *
 * <p>The resize reproduces Pillow's {@code Image.resize(size, Image.BICUBIC)}, which is what
 * torchvision runs on a PIL image: separable, horizontal pass first, cubic kernel with
 * {@code a = -0.5} and support 2, the support widened by the scale factor when downscaling (so
 * downscaling is antialiased, averaging all covered pixels), weights normalised per output pixel,
 * applied in 22-bit fixed point and rounded and clamped to 8 bits after each pass. No crop: the
 * aspect ratio is not kept. Deterministic and thread-safe (no state).
 */
public final class ImagePreprocessor {

    /** Pillow's {@code PRECISION_BITS} for 8-bit images: 32 - 8 - 2. */
    private static final int PRECISION_BITS = 22;
    private static final double CUBIC_A = -0.5;
    private static final double CUBIC_SUPPORT = 2.0;

    private final int size;
    private final float[] mean;
    private final float[] std;

    /**
     * @param size side of the square output
     * @param mean per-channel mean (R, G, B) of values in [0, 1]
     * @param std  per-channel standard deviation (R, G, B)
     */
    public ImagePreprocessor(int size, float[] mean, float[] std) {
        if (size <= 0 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("size must be positive and mean/std have 3 values");
        }
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Side of the square output. */
    public int size() {
        return size;
    }

    /**
     * Resizes and normalises an image.
     *
     * @return {@code 3 * size * size} floats, channel-major (CHW), R then G then B
     */
    public float[] toChw(RgbImage image) {
        byte[] resized = resize(image.rgb(), image.width(), image.height(), size, size);
        int plane = size * size;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                // Same float32 operations as ToTensor (x / 255) then Normalize ((x - mean) / std).
                float v = (resized[i * 3 + c] & 0xff) / 255f;
                chw[c * plane + i] = (v - mean[c]) / std[c];
            }
        }
        return chw;
    }

    /**
     * Bicubic resize of interleaved 8-bit RGB, bit-exact with Pillow's {@code BICUBIC} resampling.
     *
     * @return {@code outWidth * outHeight * 3} bytes, interleaved RGB
     */
    static byte[] resize(byte[] rgb, int width, int height, int outWidth, int outHeight) {
        byte[] current = rgb;
        int currentWidth = width;
        // Pillow skips a pass whose size does not change, horizontal before vertical.
        if (outWidth != width) {
            current = horizontal(current, width, height, outWidth);
            currentWidth = outWidth;
        }
        if (outHeight != height) {
            current = vertical(current, currentWidth, height, outHeight);
        }
        return current == rgb ? rgb.clone() : current;
    }

    private static byte[] horizontal(byte[] in, int width, int height, int outWidth) {
        Coefficients k = Coefficients.of(width, outWidth);
        byte[] out = new byte[outWidth * height * 3];
        for (int y = 0; y < height; y++) {
            int row = y * width * 3;
            for (int x = 0; x < outWidth; x++) {
                int first = k.first[x];
                int base = x * k.span;
                for (int c = 0; c < 3; c++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.count[x]; i++) {
                        sum += (in[row + (first + i) * 3 + c] & 0xff) * k.weights[base + i];
                    }
                    out[(y * outWidth + x) * 3 + c] = clip8(sum);
                }
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] in, int width, int height, int outHeight) {
        Coefficients k = Coefficients.of(height, outHeight);
        byte[] out = new byte[width * outHeight * 3];
        for (int y = 0; y < outHeight; y++) {
            int first = k.first[y];
            int base = y * k.span;
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.count[y]; i++) {
                        sum += (in[((first + i) * width + x) * 3 + c] & 0xff) * k.weights[base + i];
                    }
                    out[(y * width + x) * 3 + c] = clip8(sum);
                }
            }
        }
        return out;
    }

    private static byte clip8(int value) {
        if (value >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (value <= 0) {
            return 0;
        }
        return (byte) (value >> PRECISION_BITS);
    }

    static double cubic(double x) {
        x = Math.abs(x);
        if (x < 1.0) {
            return ((CUBIC_A + 2.0) * x - (CUBIC_A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * CUBIC_A;
        }
        return 0.0;
    }

    /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}. */
    private record Coefficients(int span, int[] first, int[] count, int[] weights) {

        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = CUBIC_SUPPORT * filterScale;
            int span = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * span];
            double[] w = new double[span];
            // Multiplying by the reciprocal (not dividing) keeps the last bit identical to Pillow.
            double inverseScale = 1.0 / filterScale;
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                // (int) truncates toward zero like the C cast Pillow uses.
                int min = Math.max((int) (center - support + 0.5), 0);
                int max = Math.min((int) (center + support + 0.5), inSize) - min;
                double total = 0;
                for (int x = 0; x < max; x++) {
                    w[x] = cubic((x + min - center + 0.5) * inverseScale);
                    total += w[x];
                }
                for (int x = 0; x < max; x++) {
                    double normalised = total != 0.0 ? w[x] / total : w[x];
                    double fixed = normalised * (1 << PRECISION_BITS);
                    weights[xx * span + x] = (int) (normalised < 0 ? fixed - 0.5 : fixed + 0.5);
                }
                first[xx] = min;
                count[xx] = max;
            }
            return new Coefficients(span, first, count, weights);
        }
    }
}
