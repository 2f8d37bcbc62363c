package org.skingpt.synthetic;

/**
 * Hash-based value noise and helpers. Only +, *, / and comparisons, so results are bit-identical on
 * every Java 17+ JVM (floating point is strict since Java 17).
 */
final class Noise {
    private Noise() {
    }

    static int hash(int x, int y, int seed) {
        int h = seed ^ 0x27d4eb2d;
        h ^= x * 0x9E3779B1;
        h = Integer.rotateLeft(h, 13) * 0x85ebca6b;
        h ^= y * 0xC2B2AE35;
        h = Integer.rotateLeft(h, 17) * 0x27d4eb2f;
        h ^= h >>> 15;
        h *= 0x2c1b3c6d;
        h ^= h >>> 12;
        return h;
    }

    /** Uniform in [0, 1) from a lattice point. */
    static double hash01(int x, int y, int seed) {
        return (hash(x, y, seed) >>> 8) * (1.0 / 16777216.0);
    }

    static int floor(double v) {
        int i = (int) v;
        return v < i ? i - 1 : i;
    }

    /** Smooth value noise in [0, 1). */
    static double value(double x, double y, int seed) {
        int ix = floor(x);
        int iy = floor(y);
        double fx = x - ix;
        double fy = y - iy;
        double sx = fx * fx * (3 - 2 * fx);
        double sy = fy * fy * (3 - 2 * fy);
        double a = hash01(ix, iy, seed);
        double b = hash01(ix + 1, iy, seed);
        double c = hash01(ix, iy + 1, seed);
        double d = hash01(ix + 1, iy + 1, seed);
        double ab = a + (b - a) * sx;
        double cd = c + (d - c) * sx;
        return ab + (cd - ab) * sy;
    }

    /** Fractal sum of value noise, normalised to roughly [0, 1]. */
    static double fbm(double x, double y, int seed, int octaves) {
        double sum = 0;
        double amp = 1;
        double norm = 0;
        for (int o = 0; o < octaves; o++) {
            sum += amp * value(x, y, seed + o * 1013);
            norm += amp;
            amp *= 0.5;
            // rotate a little between octaves to hide the lattice
            double nx = 1.6 * x + 1.2 * y + 17.3;
            double ny = -1.2 * x + 1.6 * y + 5.1;
            x = nx;
            y = ny;
        }
        return sum / norm;
    }

    /** Ridged noise: 1 on ridge lines, near 0 away from them. */
    static double ridge(double x, double y, int seed, int octaves) {
        double n = fbm(x, y, seed, octaves);
        return 1.0 - Math.abs(2.0 * n - 1.0);
    }

    static double smoothstep(double e0, double e1, double x) {
        double t = (x - e0) / (e1 - e0);
        if (t <= 0) {
            return 0;
        }
        if (t >= 1) {
            return 1;
        }
        return t * t * (3 - 2 * t);
    }

    static double clamp01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    /** atan2 approximation (max error ~0.005 rad) built from arithmetic only, for determinism and speed. */
    static double atan2(double y, double x) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        double mx = Math.max(ax, ay);
        if (mx == 0) {
            return 0;
        }
        double a = Math.min(ax, ay) / mx;
        double s = a * a;
        double r = ((-0.0464964749 * s + 0.15931422) * s - 0.327622764) * s * a + a;
        if (ay > ax) {
            r = 1.57079637 - r;
        }
        if (x < 0) {
            r = 3.14159274 - r;
        }
        return y < 0 ? -r : r;
    }
}
