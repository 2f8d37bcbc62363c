package org.skingpt.synthetic;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Mutable state of one sample while it is painted: a float RGB canvas (sRGB values in [0, 1]), the camera
 * that maps pixels to skin coordinates in millimetres, the random stream, and the concepts and metadata
 * that the painters declare as they paint.
 */
final class Scene {
    final int size;
    final int n;
    final float[] r;
    final float[] g;
    final float[] b;
    final Rng rng;
    final int fitzpatrick;
    /** Base skin colour of this sample (sRGB, 0..1). */
    final double[] skin = new double[3];
    final EnumSet<Concept> concepts = EnumSet.noneOf(Concept.class);
    final Map<String, String> meta = new LinkedHashMap<>();

    // camera: world (mm) <-> pixel
    double mmPerPixel = 0.1;
    private double ou;
    private double ov;
    private double cosT = 1;
    private double sinT;
    private final double c0;
    /** Unit light direction in world coordinates (points towards the light). */
    double lightU;
    double lightV;

    // stroke mask (max-alpha accumulation) and its dirty box
    private final float[] mask;
    private int mx0;
    private int my0;
    private int mx1 = -1;
    private int my1 = -1;

    Scene(int size, Rng rng, int fitzpatrick) {
        this.size = size;
        this.n = size * size;
        this.r = new float[n];
        this.g = new float[n];
        this.b = new float[n];
        this.mask = new float[n];
        this.rng = rng;
        this.fitzpatrick = fitzpatrick;
        this.c0 = size / 2.0;
    }

    void setCamera(double fovMm, double originU, double originV, double theta, double lightAngleImage) {
        this.mmPerPixel = fovMm / size;
        this.ou = originU;
        this.ov = originV;
        this.cosT = StrictMath.cos(theta);
        this.sinT = StrictMath.sin(theta);
        // light direction is fixed relative to the photo; express it in world coordinates
        double lx = StrictMath.cos(lightAngleImage);
        double ly = StrictMath.sin(lightAngleImage);
        this.lightU = lx * cosT - ly * sinT;
        this.lightV = lx * sinT + ly * cosT;
    }

    double fovMm() {
        return mmPerPixel * size;
    }

    /** World u (mm) of the centre of pixel (x, y). */
    double u(double x, double y) {
        double dx = (x + 0.5 - c0) * mmPerPixel;
        double dy = (y + 0.5 - c0) * mmPerPixel;
        return ou + dx * cosT - dy * sinT;
    }

    double v(double x, double y) {
        double dx = (x + 0.5 - c0) * mmPerPixel;
        double dy = (y + 0.5 - c0) * mmPerPixel;
        return ov + dx * sinT + dy * cosT;
    }

    /** Pixel x (continuous, pixel centres at k + 0.5) of a world point. */
    double px(double u, double v) {
        double du = u - ou;
        double dv = v - ov;
        return (du * cosT + dv * sinT) / mmPerPixel + c0;
    }

    double py(double u, double v) {
        double du = u - ou;
        double dv = v - ov;
        return (-du * sinT + dv * cosT) / mmPerPixel + c0;
    }

    /** Pixel box {x0, y0, x1, y1} (inclusive) covering a world disc, clipped; null when off-frame. */
    int[] box(double cu, double cv, double radiusMm) {
        double cx = px(cu, cv);
        double cy = py(cu, cv);
        double rp = radiusMm / mmPerPixel + 2;
        int x0 = Math.max(0, (int) Math.floor(cx - rp));
        int y0 = Math.max(0, (int) Math.floor(cy - rp));
        int x1 = Math.min(size - 1, (int) Math.ceil(cx + rp));
        int y1 = Math.min(size - 1, (int) Math.ceil(cy + rp));
        if (x0 > x1 || y0 > y1) {
            return null;
        }
        return new int[] {x0, y0, x1, y1};
    }

    /** A length in millimetres as pixels, never thinner than {@code minPx} (keeps details visible when small). */
    double pxLen(double mm, double minPx) {
        return Math.max(mm / mmPerPixel, minPx);
    }

    // ---------------------------------------------------------------- colour operations

    void blend(int i, double cr, double cg, double cb, double a) {
        if (a <= 0) {
            return;
        }
        if (a > 1) {
            a = 1;
        }
        r[i] += (float) ((cr - r[i]) * a);
        g[i] += (float) ((cg - g[i]) * a);
        b[i] += (float) ((cb - b[i]) * a);
    }

    /** Multiplies towards factors f: p *= 1 - a (1 - f). Models absorption (pigment, blood). */
    void mul(int i, double fr, double fg, double fb, double a) {
        if (a <= 0) {
            return;
        }
        r[i] *= (float) (1 - a * (1 - fr));
        g[i] *= (float) (1 - a * (1 - fg));
        b[i] *= (float) (1 - a * (1 - fb));
    }

    void scale(int i, double f) {
        r[i] *= (float) f;
        g[i] *= (float) f;
        b[i] *= (float) f;
    }

    /** Adds a white highlight (specular sheen). */
    void shine(int i, double a) {
        if (a <= 0) {
            return;
        }
        r[i] += (float) ((1 - r[i]) * a);
        g[i] += (float) ((1 - g[i]) * a);
        b[i] += (float) ((1 - b[i]) * a);
    }

    /** Absorption factors of melanin for an amount (0 none, 1 medium brown, 2.5 very dark). */
    static double[] melanin(double amount) {
        return new double[] {
            StrictMath.exp(-amount * 0.75), StrictMath.exp(-amount * 1.15), StrictMath.exp(-amount * 1.55)};
    }

    /**
     * Absorption factors of blood (erythema). On darker skin inflammation looks violet-brown rather than
     * red and is less visible; the amount is damped and the spectrum shifted accordingly.
     */
    double[] blood(double amount) {
        double vis = new double[] {1.0, 1.0, 0.95, 0.85, 0.72, 0.62}[fitzpatrick - 1];
        double a = amount * vis;
        double rr = fitzpatrick <= 3 ? 0.08 : (fitzpatrick == 4 ? 0.3 : 0.5);
        double bb = fitzpatrick <= 3 ? 0.8 : (fitzpatrick == 4 ? 0.7 : 0.55);
        return new double[] {StrictMath.exp(-a * rr), StrictMath.exp(-a * 1.05), StrictMath.exp(-a * bb)};
    }

    /** Relative luminance of the base skin colour. */
    double skinLuma() {
        return 0.299 * skin[0] + 0.587 * skin[1] + 0.114 * skin[2];
    }

    // ---------------------------------------------------------------- strokes (pixel space)

    /** Accumulates an anti-aliased capsule from (x0,y0) to (x1,y1) of width w pixels into the stroke mask. */
    void strokeSegment(double x0, double y0, double x1, double y1, double w, double opacity) {
        double hw = w / 2;
        int bx0 = Math.max(0, (int) Math.floor(Math.min(x0, x1) - hw - 1));
        int by0 = Math.max(0, (int) Math.floor(Math.min(y0, y1) - hw - 1));
        int bx1 = Math.min(size - 1, (int) Math.ceil(Math.max(x0, x1) + hw + 1));
        int by1 = Math.min(size - 1, (int) Math.ceil(Math.max(y0, y1) + hw + 1));
        if (bx0 > bx1 || by0 > by1) {
            return;
        }
        double ex = x1 - x0;
        double ey = y1 - y0;
        double len2 = ex * ex + ey * ey;
        // thin lines keep their contrast as coverage, not as a sub-pixel core
        double cov = Math.min(1.0, w);
        double core = Math.max(hw, 0.5);
        for (int y = by0; y <= by1; y++) {
            double py = y + 0.5;
            for (int x = bx0; x <= bx1; x++) {
                double px = x + 0.5;
                double t = len2 > 0 ? ((px - x0) * ex + (py - y0) * ey) / len2 : 0;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double dx = px - (x0 + t * ex);
                double dy = py - (y0 + t * ey);
                double d = Math.sqrt(dx * dx + dy * dy);
                double a = Noise.clamp01(core + 0.5 - d) * cov * opacity;
                int i = y * size + x;
                if (a > mask[i]) {
                    mask[i] = (float) a;
                }
            }
        }
        if (mx1 < mx0) {
            mx0 = bx0;
            my0 = by0;
            mx1 = bx1;
            my1 = by1;
        } else {
            mx0 = Math.min(mx0, bx0);
            my0 = Math.min(my0, by0);
            mx1 = Math.max(mx1, bx1);
            my1 = Math.max(my1, by1);
        }
    }

    /** Accumulates an anti-aliased disc into the stroke mask. */
    void strokeDot(double cx, double cy, double radius, double opacity) {
        strokeSegment(cx, cy, cx, cy, radius * 2, opacity);
    }

    /** Blends the stroke mask onto the canvas with a colour, then clears it. */
    void flushBlend(double cr, double cg, double cb) {
        for (int y = my0; y <= my1; y++) {
            for (int x = mx0; x <= mx1; x++) {
                int i = y * size + x;
                float a = mask[i];
                if (a > 0) {
                    blend(i, cr, cg, cb, a);
                    mask[i] = 0;
                }
            }
        }
        mx0 = 0;
        my0 = 0;
        mx1 = -1;
        my1 = -1;
    }

    /** Multiplies the stroke mask onto the canvas with absorption factors, then clears it. */
    void flushMul(double[] f) {
        for (int y = my0; y <= my1; y++) {
            for (int x = mx0; x <= mx1; x++) {
                int i = y * size + x;
                float a = mask[i];
                if (a > 0) {
                    mul(i, f[0], f[1], f[2], a);
                    mask[i] = 0;
                }
            }
        }
        mx0 = 0;
        my0 = 0;
        mx1 = -1;
        my1 = -1;
    }

    // ---------------------------------------------------------------- keep-clear discs

    /** Pixel discs {cx, cy, r} of lesions that overlays (clothing, ruler) must not hide. */
    final java.util.List<double[]> keepClear = new java.util.ArrayList<>();

    void keepClear(double cu, double cv, double radiusMm) {
        keepClear.add(new double[] {px(cu, cv), py(cu, cv), radiusMm / mmPerPixel});
    }

    /**
     * A world position for an extra lesion of radius {@code radiusMm}: centre inside the frame and clear of
     * every disc already registered. Returns {u, v, radius}; the radius shrinks when the frame is crowded.
     */
    double[] placeExtra(double radiusMm) {
        double rp = radiusMm / mmPerPixel;
        double best = -1e9;
        double bx = size / 2.0;
        double by = size / 2.0;
        for (int t = 0; t < 60; t++) {
            double x = rng.range(0.1, 0.9) * size;
            double y = rng.range(0.1, 0.9) * size;
            double clear = 1e9;
            for (double[] d : keepClear) {
                double dx = x - d[0];
                double dy = y - d[1];
                clear = Math.min(clear, Math.sqrt(dx * dx + dy * dy) - d[2]);
            }
            if (clear >= rp * 1.15) {
                bx = x;
                by = y;
                best = clear;
                break;
            }
            if (clear > best) {
                best = clear;
                bx = x;
                by = y;
            }
        }
        double r = Math.min(rp, Math.max(best / 1.15, 3.0));
        double u = u(bx - 0.5, by - 0.5);
        double v = v(bx - 0.5, by - 0.5);
        keepClear.add(new double[] {bx, by, r});
        return new double[] {u, v, r * mmPerPixel};
    }

    // ---------------------------------------------------------------- labels

    void concept(Concept c) {
        concepts.add(c);
    }

    void meta(String key, Object value) {
        meta.put(key, String.valueOf(value));
    }

    void meta(String key, int value) {
        meta.put(key, Integer.toString(value));
    }

    void meta(String key, double value) {
        meta.put(key, String.format(Locale.ROOT, "%.2f", value));
    }

    /** Adds the SKINCON primary-lesion concept for a flat or raised lesion of a diameter. */
    void primaryBySize(boolean raised, double diameterMm) {
        if (raised) {
            concept(diameterMm < 10 ? Concept.PAPULE : Concept.PLAQUE);
        } else {
            concept(diameterMm < 10 ? Concept.MACULE : Concept.PATCH);
        }
    }
}
