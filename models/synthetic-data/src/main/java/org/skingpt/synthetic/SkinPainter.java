package org.skingpt.synthetic;

/**
 * Paints normal skin: the Fitzpatrick base colour with low-frequency tone variation, mottling, skin
 * creases and pores at their physical scale, and optionally a sun-damaged background (lentigines,
 * mottled pigment, sallow tint).
 */
final class SkinPainter {
    private SkinPainter() {
    }

    /** Typical sRGB skin colours for Fitzpatrick types I..VI. */
    static final double[][] FITZPATRICK_RGB = {
        {0.96, 0.84, 0.76},
        {0.91, 0.75, 0.63},
        {0.83, 0.63, 0.49},
        {0.67, 0.48, 0.34},
        {0.47, 0.32, 0.22},
        {0.29, 0.19, 0.14},
    };

    /** Body sites: texture parameters only; chosen independently of the condition. */
    enum Site {
        FACE("face", 0.45, 0.30, 1.2, 0.025, 0.25),
        NECK("neck", 0.8, 0.15, 1.6, 0.045, 0.25),
        CHEST("chest", 0.8, 0.15, 2.2, 0.025, 0.45),
        BACK("back", 0.9, 0.12, 2.5, 0.02, 0.35),
        ABDOMEN("abdomen", 0.9, 0.12, 2.2, 0.025, 0.35),
        UPPER_ARM("upper arm", 0.9, 0.12, 1.8, 0.03, 0.5),
        FOREARM("forearm", 0.9, 0.12, 1.4, 0.04, 0.8),
        HAND("back of hand", 0.9, 0.10, 0.9, 0.06, 0.5),
        THIGH("thigh", 0.9, 0.12, 2.0, 0.025, 0.55),
        LOWER_LEG("lower leg", 0.9, 0.12, 1.6, 0.035, 0.8);

        final String label;
        final double poreSpacingMm;
        final double poreStrength;
        final double lineSpacingMm;
        final double lineStrength;
        final double hairProbability;

        Site(String label, double poreSpacingMm, double poreStrength, double lineSpacingMm, double lineStrength,
             double hairProbability) {
            this.label = label;
            this.poreSpacingMm = poreSpacingMm;
            this.poreStrength = poreStrength;
            this.lineSpacingMm = lineSpacingMm;
            this.lineStrength = lineStrength;
            this.hairProbability = hairProbability;
        }
    }

    /** Picks the per-sample skin colour (type colour with individual variation). */
    static void chooseSkin(Scene s) {
        double[] base = FITZPATRICK_RGB[s.fitzpatrick - 1];
        double light = s.rng.range(0.94, 1.06);
        double red = s.rng.range(-0.025, 0.025);
        double yellow = s.rng.range(-0.025, 0.025);
        s.skin[0] = Noise.clamp01(base[0] * light * (1 + red));
        s.skin[1] = Noise.clamp01(base[1] * light * (1 - red * 0.5));
        s.skin[2] = Noise.clamp01(base[2] * light * (1 - yellow));
    }

    static void paint(Scene s, Site site) {
        Rng rng = s.rng;
        int seedTone = rng.nextIntSeed();
        int seedMottle = rng.nextIntSeed();
        int seedLines = rng.nextIntSeed();
        int seedPores = rng.nextIntSeed();
        double toneAmp = rng.range(0.05, 0.10);
        double mottleAmp = rng.range(0.03, 0.08);
        double lineAngle = rng.angle();
        double l1u = StrictMath.cos(lineAngle);
        double l1v = StrictMath.sin(lineAngle);
        double l2a = lineAngle + rng.range(0.9, 1.6);
        double l2u = StrictMath.cos(l2a);
        double l2v = StrictMath.sin(l2a);
        double spacing = site.lineSpacingMm * rng.range(0.8, 1.25);
        double lineStrength = site.lineStrength * rng.range(0.6, 1.3);
        double linePx = spacing / s.mmPerPixel;
        double lineFade = Noise.smoothstep(2.0, 5.0, linePx);
        double poreSp = site.poreSpacingMm;
        double poreR = 0.06;
        double porePx = poreR / s.mmPerPixel;
        double poreFade = Noise.smoothstep(0.15, 0.6, porePx) * site.poreStrength;
        double sr = s.skin[0];
        double sg = s.skin[1];
        double sb = s.skin[2];
        // slowly varying fields are sampled on a coarse grid and interpolated (most of the cost otherwise)
        int step = 4;
        int gw = s.size / step + 2;
        float[] gTone = new float[gw * gw];
        float[] gMott = new float[gw * gw];
        float[] gWarp = new float[gw * gw];
        float[] gBr1 = new float[gw * gw];
        float[] gBr2 = new float[gw * gw];
        for (int gy = 0; gy < gw; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                double u = s.u(gx * step, gy * step);
                double v = s.v(gx * step, gy * step);
                int k = gy * gw + gx;
                gTone[k] = (float) Noise.fbm(u / 22, v / 22, seedTone, 2);
                gMott[k] = (float) Noise.fbm(u / 4, v / 4, seedMottle, 2);
                if (lineFade > 0) {
                    gWarp[k] = (float) Noise.value(u / 5, v / 5, seedLines);
                    gBr1[k] = (float) Noise.value(u / 3 + 11.3, v / 3, seedLines + 1);
                    gBr2[k] = (float) Noise.value(u / 3, v / 3 + 7.7, seedLines + 2);
                }
            }
        }
        for (int y = 0; y < s.size; y++) {
            int gy = y / step;
            double ty = (y - gy * step) / (double) step;
            for (int x = 0; x < s.size; x++) {
                int gx = x / step;
                double tx = (x - gx * step) / (double) step;
                int k = gy * gw + gx;
                double u = s.u(x, y);
                double v = s.v(x, y);
                double tone = 1 + toneAmp * 2 * (lerp2(gTone, k, gw, tx, ty) - 0.5);
                double m = mottleAmp * 2 * (lerp2(gMott, k, gw, tx, ty) - 0.5);
                double dark = 0;
                if (lineFade > 0) {
                    double w = 0.7 * lerp2(gWarp, k, gw, tx, ty);
                    double a1 = (u * l1u + v * l1v) / spacing + w;
                    double a2 = (u * l2u + v * l2v) / spacing - w;
                    double t1 = Math.abs(2 * (a1 - Math.floor(a1)) - 1);
                    double t2 = Math.abs(2 * (a2 - Math.floor(a2)) - 1);
                    double sharp = 0.3;
                    // creases fade in and out instead of forming a regular grid
                    double br1 = Noise.smoothstep(0.35, 0.75, lerp2(gBr1, k, gw, tx, ty));
                    double br2 = Noise.smoothstep(0.35, 0.75, lerp2(gBr2, k, gw, tx, ty));
                    dark += lineStrength * lineFade * br1 * (1 - Noise.smoothstep(0, sharp, t1));
                    dark += 0.7 * lineStrength * lineFade * br2 * (1 - Noise.smoothstep(0, sharp, t2));
                }
                if (poreFade > 0) {
                    int cx = Noise.floor(u / poreSp);
                    int cy = Noise.floor(v / poreSp);
                    int h = Noise.hash(cx, cy, seedPores);
                    if ((h & 3) != 0) {
                        double pu = (cx + 0.2 + 0.6 * ((h >>> 8) & 255) / 255.0) * poreSp;
                        double pv = (cy + 0.2 + 0.6 * ((h >>> 16) & 255) / 255.0) * poreSp;
                        double du = u - pu;
                        double dv = v - pv;
                        double dpx = Math.sqrt(du * du + dv * dv) / s.mmPerPixel;
                        dark += poreFade * Noise.clamp01(porePx + 0.5 - dpx) * Math.min(1, porePx * 2);
                    }
                }
                double f = tone * (1 - dark);
                int i = y * s.size + x;
                s.r[i] = (float) (sr * f * (1 + 0.4 * m));
                s.g[i] = (float) (sg * f * (1 - 0.6 * m));
                s.b[i] = (float) (sb * f * (1 - 0.8 * m));
            }
        }
    }

    private static double lerp2(float[] g, int k, int gw, double tx, double ty) {
        double a = g[k] + (g[k + 1] - g[k]) * tx;
        double b = g[k + gw] + (g[k + gw + 1] - g[k + gw]) * tx;
        return a + (b - a) * ty;
    }

    /** Sun-damaged background: lentigines, mottled pigmentation and a sallow tint. Adds PHOTODAMAGE. */
    static void photodamage(Scene s) {
        Rng rng = s.rng;
        s.concept(Concept.PHOTODAMAGE);
        int seedMottle = rng.nextIntSeed();
        double mottle = rng.range(0.08, 0.2);
        double sallow = rng.range(0.92, 0.97);
        double[] mel = Scene.melanin(mottle);
        for (int y = 0; y < s.size; y++) {
            for (int x = 0; x < s.size; x++) {
                double u = s.u(x, y);
                double v = s.v(x, y);
                int i = y * s.size + x;
                double f = Noise.fbm(u / 1.8, v / 1.8, seedMottle, 3);
                double a = Noise.smoothstep(0.5, 0.8, f);
                s.mul(i, mel[0], mel[1], mel[2], a);
                s.b[i] *= (float) sallow;
            }
        }
        // lentigines: small, light-brown, fairly sharp macules scattered over the frame
        double fov = s.fovMm();
        int count = rng.between(4, 14);
        for (int k = 0; k < count; k++) {
            double x = rng.range(0, s.size);
            double y = rng.range(0, s.size);
            double cu = s.u(x, y);
            double cv = s.v(x, y);
            double rad = Math.max(rng.range(0.4, 1.8) * Math.min(1.0, fov / 40), 1.2 * s.mmPerPixel);
            Blob blob = new Blob(rng, cu, cv, rad, 0.15, 5, rng.range(1, 1.4));
            double[] lm = Scene.melanin(rng.range(0.25, 0.6));
            fill(s, blob, lm, 0.18);
        }
        s.meta("lentigines", count);
    }

    /** Multiplies a blob region with absorption factors, soft edge {@code soft}. */
    static void fill(Scene s, Blob blob, double[] f, double soft) {
        int[] bb = s.box(blob.cu, blob.cv, blob.bound() * (1 + soft));
        if (bb == null) {
            return;
        }
        for (int y = bb[1]; y <= bb[3]; y++) {
            for (int x = bb[0]; x <= bb[2]; x++) {
                double a = Blob.inside(blob.rho(s.u(x, y), s.v(x, y)), soft);
                if (a > 0) {
                    s.mul(y * s.size + x, f[0], f[1], f[2], a);
                }
            }
        }
    }
}
