package org.skingpt.synthetic;

/**
 * SplitMix64: a tiny, fully specified generator, so that pixels and labels are identical on every JVM
 * and machine (no {@code Math.random}, no clock). Transcendental functions use {@link StrictMath}.
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** Mixes two values into a well-distributed seed (used to derive per-sample streams). */
    static long mix(long a, long b) {
        return mix64(a ^ mix64(b + 0x632BE59BD9B4E019L));
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix64(state);
    }

    int nextIntSeed() {
        return (int) (nextLong() >>> 32);
    }

    /** Uniform in [0, 1). */
    double next() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [a, b). */
    double range(double a, double b) {
        return a + (b - a) * next();
    }

    /** Uniform integer in [a, b] inclusive. */
    int between(int a, int b) {
        return a + nextInt(b - a + 1);
    }

    /** Uniform integer in [0, n). */
    int nextInt(int n) {
        return (int) (((nextLong() >>> 33) * n) >>> 31);
    }

    boolean chance(double p) {
        return next() < p;
    }

    /** Standard normal (Box-Muller with StrictMath). */
    double gaussian() {
        double u1 = next();
        double u2 = next();
        if (u1 < 1e-300) {
            u1 = 1e-300;
        }
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    double angle() {
        return next() * 2.0 * StrictMath.PI;
    }

    <T> T pick(T[] options) {
        return options[nextInt(options.length)];
    }
}
