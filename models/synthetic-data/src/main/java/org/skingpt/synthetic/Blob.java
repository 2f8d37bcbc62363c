package org.skingpt.synthetic;

/**
 * A lesion outline in world coordinates: an ellipse whose radius is modulated by a random Fourier series
 * over the angle. Low irregularity gives round, regular borders (a nevus); high irregularity with the
 * first harmonic gives asymmetric, notched borders (melanoma, vitiligo).
 */
final class Blob {
    private static final int BINS = 256;
    final double cu;
    final double cv;
    final double radius;
    private final double cos;
    private final double sin;
    private final double aspect;
    private final double[] lut = new double[BINS + 1];
    private final double maxFactor;

    /**
     * @param irregularity amplitude of the radial harmonics (0 = perfect ellipse, 0.25 = very irregular)
     * @param harmonics    highest harmonic (higher = more notches)
     * @param aspect       1 = round, 1.5 = elongated (minor axis = radius / aspect)
     */
    Blob(Rng rng, double cu, double cv, double radius, double irregularity, int harmonics, double aspect) {
        this.cu = cu;
        this.cv = cv;
        this.radius = radius;
        double rot = rng.angle();
        this.cos = StrictMath.cos(rot);
        this.sin = StrictMath.sin(rot);
        this.aspect = aspect;
        double[] amp = new double[harmonics + 1];
        double[] phase = new double[harmonics + 1];
        for (int k = 1; k <= harmonics; k++) {
            amp[k] = irregularity * rng.range(0.35, 1.0) / StrictMath.pow(k, 0.6);
            phase[k] = rng.angle();
        }
        double max = 0;
        for (int j = 0; j <= BINS; j++) {
            double th = -StrictMath.PI + 2 * StrictMath.PI * j / BINS;
            double f = 1;
            for (int k = 1; k <= harmonics; k++) {
                f += amp[k] * StrictMath.cos(k * th + phase[k]);
            }
            f = Math.max(f, 0.35);
            lut[j] = f;
            max = Math.max(max, f);
        }
        this.maxFactor = max;
    }

    /** Normalised radial coordinate: 0 at the centre, 1 on the border, above 1 outside. */
    double rho(double u, double v) {
        double dx = u - cu;
        double dy = v - cv;
        double x = dx * cos + dy * sin;
        double y = (-dx * sin + dy * cos) * aspect;
        double d = Math.sqrt(x * x + y * y);
        if (d == 0) {
            return 0;
        }
        double t = (Noise.atan2(y, x) + StrictMath.PI) * (BINS / (2 * StrictMath.PI));
        int k = (int) t;
        if (k >= BINS) {
            k = BINS - 1;
        }
        double f = t - k;
        double rf = lut[k] + (lut[k + 1] - lut[k]) * f;
        return d / (radius * rf);
    }

    /** Radius of a disc that contains the whole outline. */
    double bound() {
        return radius * maxFactor;
    }

    /** Alpha of the filled outline with a soft edge of relative half-width {@code soft}. */
    static double inside(double rho, double soft) {
        return 1.0 - Noise.smoothstep(1.0 - soft, 1.0 + soft, rho);
    }
}
