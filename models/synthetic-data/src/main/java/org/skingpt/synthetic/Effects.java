package org.skingpt.synthetic;

import java.awt.image.BufferedImage;

/**
 * Nuisance factors that every condition receives with the same distribution, so that none of them can
 * serve as a shortcut: hair, clothing or background at the frame edge, a ruler, lighting (exposure,
 * colour temperature, gradient, vignetting, sheen), blur, sensor noise and JPEG compression artefacts.
 */
final class Effects {
    private Effects() {
    }

    // ------------------------------------------------------------------------------------------ hair

    static void hair(Scene s, SkinPainter.Site site) {
        Rng rng = s.rng;
        int count = 0;
        if (rng.chance(site.hairProbability)) {
            count = rng.between(1, 28);
        }
        s.meta("hairCount", count);
        if (count == 0) {
            return;
        }
        double[] colour;
        if (s.fitzpatrick >= 4 || rng.chance(0.5)) {
            colour = rng.chance(0.6) ? new double[] {0.07, 0.06, 0.05} : new double[] {0.18, 0.12, 0.08};
        } else {
            colour = rng.chance(0.5) ? new double[] {0.35, 0.24, 0.14} : new double[] {0.62, 0.5, 0.34};
        }
        double baseAngle = rng.angle();
        double width = s.pxLen(rng.range(0.05, 0.09), 0.7);
        for (int k = 0; k < count; k++) {
            double x0 = rng.range(-0.1, 1.1) * s.size;
            double y0 = rng.range(-0.1, 1.1) * s.size;
            double ang = baseAngle + rng.range(-0.5, 0.5);
            double len = Math.min(s.pxLen(rng.range(6, 25), 10), s.size * rng.range(0.25, 0.8));
            double bend = rng.range(-0.35, 0.35) * len;
            double x2 = x0 + len * StrictMath.cos(ang);
            double y2 = y0 + len * StrictMath.sin(ang);
            double x1 = (x0 + x2) / 2 - bend * StrictMath.sin(ang);
            double y1 = (y0 + y2) / 2 + bend * StrictMath.cos(ang);
            int segs = 14;
            double px = x0;
            double py = y0;
            for (int q = 1; q <= segs; q++) {
                double t = q / (double) segs;
                double mt = 1 - t;
                double nx = mt * mt * x0 + 2 * mt * t * x1 + t * t * x2;
                double ny = mt * mt * y0 + 2 * mt * t * y1 + t * t * y2;
                s.strokeSegment(px, py, nx, ny, width * (1 - 0.4 * t), 0.9);
                px = nx;
                py = ny;
            }
        }
        s.flushBlend(colour[0], colour[1], colour[2]);
    }

    // ------------------------------------------------------------------------------------------ background

    private static final double[][] FABRIC = {
        {0.15, 0.2, 0.35}, {0.75, 0.75, 0.78}, {0.2, 0.2, 0.22}, {0.55, 0.12, 0.14}, {0.3, 0.45, 0.3},
        {0.85, 0.8, 0.65}, {0.45, 0.35, 0.55}, {0.92, 0.92, 0.92}, {0.6, 0.45, 0.3},
    };

    /**
     * With probability {@code p}, replaces a region at one frame edge with clothing, a drape or a wall,
     * never covering a registered lesion disc.
     */
    static void background(Scene s, double p) {
        Rng rng = s.rng;
        if (!rng.chance(p)) {
            s.meta("background", "none");
            return;
        }
        String[] kinds = {"fabric", "drape", "wall"};
        String kind = kinds[rng.nextInt(kinds.length)];
        double[] colour;
        if (kind.equals("drape")) {
            colour = rng.chance(0.5) ? new double[] {0.35, 0.55, 0.7} : new double[] {0.3, 0.55, 0.45};
        } else if (kind.equals("wall")) {
            double g = rng.range(0.55, 0.9);
            colour = new double[] {g * rng.range(0.95, 1.05), g, g * rng.range(0.95, 1.08)};
        } else {
            colour = FABRIC[rng.nextInt(FABRIC.length)].clone();
        }
        double angle = rng.angle();
        double nx = StrictMath.cos(angle);
        double ny = StrictMath.sin(angle);
        double c = s.size / 2.0;
        // projection of the frame corners on the normal: the region is proj > threshold
        double maxProj = (Math.abs(nx) + Math.abs(ny)) * c;
        double depth = rng.range(0.1, 0.35) * s.size;
        double limit = maxProj;
        for (double[] d : s.keepClear) {
            double proj = (d[0] - c) * nx + (d[1] - c) * ny + d[2] * 1.08;
            limit = Math.min(limit, maxProj - proj);
        }
        depth = Math.min(depth, limit);
        if (depth < 0.05 * s.size) {
            // the lesion reaches every edge on this side; use a thin strip instead of hiding it
            depth = 0.05 * s.size;
        }
        double threshold = maxProj - depth;
        int seedEdge = rng.nextIntSeed();
        int seedFold = rng.nextIntSeed();
        double wave = rng.range(0.0, 0.06) * s.size;
        double weave = rng.range(2.0, 4.0);
        double shadowW = rng.range(0.02, 0.06) * s.size;
        double gradient = rng.range(-0.15, 0.15);
        for (int y = 0; y < s.size; y++) {
            for (int x = 0; x < s.size; x++) {
                double proj = (x + 0.5 - c) * nx + (y + 0.5 - c) * ny;
                double along = -(x + 0.5 - c) * ny + (y + 0.5 - c) * nx;
                double edge = threshold + wave * (Noise.value(along / (0.3 * s.size), 0.5, seedEdge) - 0.5) * 2;
                double dist = proj - edge;
                int i = y * s.size + x;
                if (dist < -shadowW) {
                    continue;
                }
                if (dist < 0) {
                    // skin curving away at the silhouette gets darker
                    double sh = 1 + dist / shadowW;
                    s.scale(i, 1 - 0.35 * sh * sh);
                    continue;
                }
                double a = Noise.clamp01(dist + 0.5);
                double k = 1;
                if (kind.equals("fabric")) {
                    double t1 = Math.abs(2 * (x / weave - Math.floor(x / weave)) - 1);
                    double t2 = Math.abs(2 * (y / weave - Math.floor(y / weave)) - 1);
                    k *= 0.92 + 0.08 * (t1 + t2) / 2;
                    k *= 0.8 + 0.35 * Noise.fbm(x / (0.15 * s.size), y / (0.15 * s.size), seedFold, 3);
                } else if (kind.equals("drape")) {
                    k *= 0.75 + 0.45 * Noise.fbm(along / (0.1 * s.size), proj / (0.4 * s.size), seedFold, 2);
                } else {
                    k *= 1 + gradient * (along / s.size);
                }
                s.blend(i, colour[0] * k, colour[1] * k, colour[2] * k, a);
            }
        }
        s.meta("background", kind);
        s.meta("backgroundFraction", depth / s.size);
    }

    // ------------------------------------------------------------------------------------------ ruler

    static void ruler(Scene s, double p) {
        Rng rng = s.rng;
        if (!rng.chance(p)) {
            s.meta("ruler", false);
            return;
        }
        double w = 0.075 * s.size;
        // pick an edge whose strip does not touch a lesion disc
        int start = rng.nextInt(4);
        int edge = -1;
        for (int e = 0; e < 4 && edge < 0; e++) {
            int cand = (start + e) % 4;
            boolean ok = true;
            for (double[] d : s.keepClear) {
                double dist = switch (cand) {
                    case 0 -> d[1];
                    case 1 -> s.size - d[1];
                    case 2 -> d[0];
                    default -> s.size - d[0];
                };
                if (dist - d[2] < w * 1.2) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                edge = cand;
            }
        }
        if (edge < 0) {
            s.meta("ruler", false);
            return;
        }
        double[] paper = rng.chance(0.5) ? new double[] {0.95, 0.95, 0.93} : new double[] {0.95, 0.88, 0.55};
        double tick = 1 / s.mmPerPixel;
        int every = tick >= 2.5 ? 1 : (tick * 5 >= 2.5 ? 5 : 10);
        double offset = rng.range(0, tick);
        for (int y = 0; y < s.size; y++) {
            for (int x = 0; x < s.size; x++) {
                double across = switch (edge) {
                    case 0 -> y;
                    case 1 -> s.size - 1 - y;
                    case 2 -> x;
                    default -> s.size - 1 - x;
                };
                if (across > w + 1) {
                    continue;
                }
                int i = y * s.size + x;
                if (across > w) {
                    s.scale(i, 0.8);
                    continue;
                }
                s.blend(i, paper[0], paper[1], paper[2], 1);
                double along = (edge <= 1 ? x : y) + 0.5 - offset;
                double mm = along / tick;
                long k = Math.round(mm);
                if (k % every != 0) {
                    continue;
                }
                double len = k % 10 == 0 ? 0.75 : (k % 5 == 0 ? 0.55 : 0.35);
                double dx = Math.abs(mm - k) * tick;
                double a = Noise.clamp01(1.0 - dx) * (across < w * len ? 1 : 0);
                s.blend(i, 0.15, 0.15, 0.15, a * 0.9);
            }
        }
        s.meta("ruler", true);
    }

    // ------------------------------------------------------------------------------------------ lighting

    static void lighting(Scene s) {
        Rng rng = s.rng;
        double exposure = rng.range(0.85, 1.12);
        double temp = rng.range(-0.07, 0.07);
        double gAngle = rng.angle();
        double gStrength = rng.range(0, 0.25);
        double vignette = rng.chance(0.6) ? rng.range(0.05, 0.4) : 0;
        double gx = StrictMath.cos(gAngle);
        double gy = StrictMath.sin(gAngle);
        double sheen = rng.chance(0.3) ? rng.range(0.05, 0.16) : 0;
        double hx = rng.range(0.2, 0.8) * s.size;
        double hy = rng.range(0.2, 0.8) * s.size;
        double hr = rng.range(0.2, 0.45) * s.size;
        int seed = rng.nextIntSeed();
        double fr = exposure * (1 + temp);
        double fg = exposure * (1 + 0.15 * temp);
        double fb = exposure * (1 - temp);
        double c = s.size / 2.0;
        for (int y = 0; y < s.size; y++) {
            for (int x = 0; x < s.size; x++) {
                int i = y * s.size + x;
                double dx = (x + 0.5 - c) / c;
                double dy = (y + 0.5 - c) / c;
                double k = 1 + gStrength * (dx * gx + dy * gy) * 0.5;
                double rr = (dx * dx + dy * dy) / 2;
                k *= 1 - vignette * rr * Math.sqrt(rr);
                s.r[i] *= (float) (k * fr);
                s.g[i] *= (float) (k * fg);
                s.b[i] *= (float) (k * fb);
                if (sheen > 0) {
                    double d = Math.sqrt((x - hx) * (x - hx) + (y - hy) * (y - hy)) / hr;
                    if (d < 1) {
                        double a = (1 - Noise.smoothstep(0.1, 1, d)) * (0.5 + 0.5 * Noise.value(x / 4.0, y / 4.0, seed));
                        s.shine(i, sheen * a);
                    }
                }
            }
        }
        s.meta("exposure", exposure);
        s.meta("colorTemperature", temp);
        s.meta("gradient", gStrength);
        s.meta("vignette", vignette);
        s.meta("sheen", sheen);
    }

    // ------------------------------------------------------------------------------------------ blur and noise

    static void blur(Scene s, double sigma) {
        if (sigma < 0.25) {
            return;
        }
        int rad = (int) Math.ceil(sigma * 3);
        double[] k = new double[2 * rad + 1];
        double sum = 0;
        for (int j = -rad; j <= rad; j++) {
            k[j + rad] = StrictMath.exp(-(j * j) / (2 * sigma * sigma));
            sum += k[j + rad];
        }
        for (int j = 0; j < k.length; j++) {
            k[j] /= sum;
        }
        int n = s.size;
        float[] tmp = new float[s.n];
        float[] line = new float[n + 2 * rad];
        for (float[] ch : new float[][] {s.r, s.g, s.b}) {
            // rows, through a padded line buffer (edge pixels repeated)
            for (int y = 0; y < n; y++) {
                int row = y * n;
                for (int j = 0; j < n + 2 * rad; j++) {
                    line[j] = ch[row + Math.min(n - 1, Math.max(0, j - rad))];
                }
                for (int x = 0; x < n; x++) {
                    double acc = 0;
                    for (int j = 0; j < k.length; j++) {
                        acc += k[j] * line[x + j];
                    }
                    tmp[row + x] = (float) acc;
                }
            }
            // columns
            for (int x = 0; x < n; x++) {
                for (int j = 0; j < n + 2 * rad; j++) {
                    line[j] = tmp[Math.min(n - 1, Math.max(0, j - rad)) * n + x];
                }
                for (int y = 0; y < n; y++) {
                    double acc = 0;
                    for (int j = 0; j < k.length; j++) {
                        acc += k[j] * line[y + j];
                    }
                    ch[y * n + x] = (float) acc;
                }
            }
        }
    }

    static void sensorNoise(Scene s, double sigma, double chroma) {
        int seed = s.rng.nextIntSeed();
        for (int i = 0; i < s.n; i++) {
            // triangular noise from two hashes: cheap, deterministic, roughly Gaussian
            double l = (Noise.hash01(i, 0, seed) + Noise.hash01(i, 1, seed) - 1) * 2.45 * sigma;
            double cr = (Noise.hash01(i, 2, seed) - 0.5) * 3.46 * chroma;
            double cb = (Noise.hash01(i, 3, seed) - 0.5) * 3.46 * chroma;
            s.r[i] += (float) (l + cr);
            s.g[i] += (float) l;
            s.b[i] += (float) (l + cb);
        }
    }

    // ------------------------------------------------------------------------------------------ JPEG

    private static final int[] LUMA_Q = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    };
    private static final int[] CHROMA_Q = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    };
    private static final double[][] DCT = new double[8][8];

    static {
        for (int k = 0; k < 8; k++) {
            double ck = k == 0 ? StrictMath.sqrt(0.125) : 0.5;
            for (int n = 0; n < 8; n++) {
                DCT[k][n] = ck * StrictMath.cos((2 * n + 1) * k * StrictMath.PI / 16);
            }
        }
    }

    /**
     * Simulates baseline JPEG compression (YCbCr, 4:2:0 chroma, 8x8 DCT, IJG quality-scaled tables) in pure
     * Java, so artefacts are identical on every machine regardless of the image codec installed.
     */
    static void jpeg(Scene s, int quality) {
        int q = Math.max(1, Math.min(100, quality));
        int scale = q < 50 ? 5000 / q : 200 - 2 * q;
        double[] lq = new double[64];
        double[] cq = new double[64];
        for (int i = 0; i < 64; i++) {
            lq[i] = Math.max(1, Math.min(255, (LUMA_Q[i] * scale + 50) / 100));
            cq[i] = Math.max(1, Math.min(255, (CHROMA_Q[i] * scale + 50) / 100));
        }
        int n = s.size;
        int pn = (n + 15) / 16 * 16;
        double[] yy = new double[pn * pn];
        int cn = pn / 2;
        double[] cb = new double[cn * cn];
        double[] cr = new double[cn * cn];
        for (int y = 0; y < pn; y++) {
            for (int x = 0; x < pn; x++) {
                int i = Math.min(y, n - 1) * n + Math.min(x, n - 1);
                double r = Noise.clamp01(s.r[i]) * 255;
                double g = Noise.clamp01(s.g[i]) * 255;
                double b = Noise.clamp01(s.b[i]) * 255;
                yy[y * pn + x] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
                int ci = (y / 2) * cn + x / 2;
                cb[ci] += 0.25 * (-0.168736 * r - 0.331264 * g + 0.5 * b);
                cr[ci] += 0.25 * (0.5 * r - 0.418688 * g - 0.081312 * b);
            }
        }
        codePlane(yy, pn, lq);
        codePlane(cb, cn, cq);
        codePlane(cr, cn, cq);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double l = yy[y * pn + x] + 128;
                // bilinear chroma upsampling (centres of 2x2 blocks)
                double fx = Math.max(0, Math.min(cn - 1.0, (x - 0.5) / 2));
                double fy = Math.max(0, Math.min(cn - 1.0, (y - 0.5) / 2));
                int x0 = (int) fx;
                int y0 = (int) fy;
                int x1 = Math.min(cn - 1, x0 + 1);
                int y1 = Math.min(cn - 1, y0 + 1);
                double tx = fx - x0;
                double ty = fy - y0;
                double b = bilinear(cb, cn, x0, y0, x1, y1, tx, ty);
                double r = bilinear(cr, cn, x0, y0, x1, y1, tx, ty);
                int i = y * n + x;
                s.r[i] = (float) ((l + 1.402 * r) / 255);
                s.g[i] = (float) ((l - 0.344136 * b - 0.714136 * r) / 255);
                s.b[i] = (float) ((l + 1.772 * b) / 255);
            }
        }
    }

    private static double bilinear(double[] p, int w, int x0, int y0, int x1, int y1, double tx, double ty) {
        double a = p[y0 * w + x0] + (p[y0 * w + x1] - p[y0 * w + x0]) * tx;
        double b = p[y1 * w + x0] + (p[y1 * w + x1] - p[y1 * w + x0]) * tx;
        return a + (b - a) * ty;
    }

    private static void codePlane(double[] p, int w, double[] table) {
        double[] blk = new double[64];
        double[] tmp = new double[64];
        for (int by = 0; by < w; by += 8) {
            for (int bx = 0; bx < w; bx += 8) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        blk[y * 8 + x] = p[(by + y) * w + bx + x];
                    }
                }
                // forward DCT: rows then columns
                for (int y = 0; y < 8; y++) {
                    for (int k = 0; k < 8; k++) {
                        double acc = 0;
                        for (int x = 0; x < 8; x++) {
                            acc += DCT[k][x] * blk[y * 8 + x];
                        }
                        tmp[y * 8 + k] = acc;
                    }
                }
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        double acc = 0;
                        for (int y = 0; y < 8; y++) {
                            acc += DCT[l][y] * tmp[y * 8 + k];
                        }
                        int qi = l * 8 + k;
                        blk[qi] = Math.rint(acc / table[qi]) * table[qi];
                    }
                }
                // inverse DCT
                for (int k = 0; k < 8; k++) {
                    for (int y = 0; y < 8; y++) {
                        double acc = 0;
                        for (int l = 0; l < 8; l++) {
                            acc += DCT[l][y] * blk[l * 8 + k];
                        }
                        tmp[y * 8 + k] = acc;
                    }
                }
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        double acc = 0;
                        for (int k = 0; k < 8; k++) {
                            acc += DCT[k][x] * tmp[y * 8 + k];
                        }
                        p[(by + y) * w + bx + x] = acc;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ output

    static BufferedImage toImage(Scene s) {
        BufferedImage img = new BufferedImage(s.size, s.size, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[s.n];
        for (int i = 0; i < s.n; i++) {
            int r = (int) (Noise.clamp01(s.r[i]) * 255 + 0.5);
            int g = (int) (Noise.clamp01(s.g[i]) * 255 + 0.5);
            int b = (int) (Noise.clamp01(s.b[i]) * 255 + 0.5);
            px[i] = (r << 16) | (g << 8) | b;
        }
        img.setRGB(0, 0, s.size, s.size, px, 0, s.size);
        return img;
    }
}
