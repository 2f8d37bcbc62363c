package org.skingpt.synthetic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Sanity check (not a classifier): simple colour and edge statistics of the lesion area differ between
 * conditions, in the directions the morphology implies.
 */
class ImageStatsTest {
    static final String[] NAMES = {"dLuma", "dRed", "white", "edges", "dSat", "ringRed", "ringTexture"};

    /** Features of one image: centre versus frame-edge statistics. */
    static double[] features(BufferedImage img) {
        int n = img.getWidth();
        int[] px = TestSupport.pixels(img);
        double[] lum = new double[px.length];
        double[] red = new double[px.length];
        double[] sat = new double[px.length];
        for (int i = 0; i < px.length; i++) {
            double r = ((px[i] >> 16) & 255) / 255.0;
            double g = ((px[i] >> 8) & 255) / 255.0;
            double b = (px[i] & 255) / 255.0;
            lum[i] = 0.299 * r + 0.587 * g + 0.114 * b;
            red[i] = r - (g + b) / 2;
            double mx = Math.max(r, Math.max(g, b));
            double mn = Math.min(r, Math.min(g, b));
            sat[i] = mx > 0 ? (mx - mn) / mx : 0;
        }
        int c0 = (int) (n * 0.3);
        int c1 = (int) (n * 0.7);
        int edge = Math.max(2, n / 10);
        double cl = 0, cr = 0, cs = 0, bl = 0, br = 0, bs = 0, grad = 0;
        int cn = 0, bn = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = y * n + x;
                if (x >= c0 && x < c1 && y >= c0 && y < c1) {
                    cl += lum[i];
                    cr += red[i];
                    cs += sat[i];
                    grad += Math.abs(lum[i] - lum[i - 1]) + Math.abs(lum[i] - lum[i - n]);
                    cn++;
                } else if (x < edge || y < edge || x >= n - edge || y >= n - edge) {
                    bl += lum[i];
                    br += red[i];
                    bs += sat[i];
                    bn++;
                }
            }
        }
        cl /= cn;
        cr /= cn;
        cs /= cn;
        bl /= bn;
        br /= bn;
        bs /= bn;
        // redness of an annulus around the centre minus that of the centre disc (rings, e.g. tinea)
        double ar = 0;
        double dr = 0;
        int an = 0;
        int dn = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double d = Math.hypot(x + 0.5 - n / 2.0, y + 0.5 - n / 2.0) / n;
                int i = y * n + x;
                if (d < 0.14) {
                    dr += red[i];
                    dn++;
                } else if (d > 0.2 && d < 0.42) {
                    ar += red[i];
                    an++;
                }
            }
        }
        double ring = ar / an - dr / dn;
        // texture (luminance spread) of the annulus relative to the centre disc
        double am = 0;
        double dm = 0;
        double aq = 0;
        double dq = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double d = Math.hypot(x + 0.5 - n / 2.0, y + 0.5 - n / 2.0) / n;
                int i = y * n + x;
                if (d < 0.14) {
                    dm += lum[i];
                    dq += lum[i] * lum[i];
                } else if (d > 0.2 && d < 0.42) {
                    am += lum[i];
                    aq += lum[i] * lum[i];
                }
            }
        }
        double asd = Math.sqrt(Math.max(0, aq / an - (am / an) * (am / an)));
        double dsd = Math.sqrt(Math.max(0, dq / dn - (dm / dn) * (dm / dn)));
        double white = 0;
        for (int y = c0; y < c1; y++) {
            for (int x = c0; x < c1; x++) {
                int i = y * n + x;
                if (lum[i] > bl * 1.15 + 0.03 && sat[i] < bs * 0.9) {
                    white++;
                }
            }
        }
        return new double[] {(cl - bl) / Math.max(bl, 0.05), cr - br, white / cn, grad / cn / Math.max(bl, 0.05),
            cs - bs, ring, (asd - dsd) / Math.max(bl, 0.05)};
    }

    private static String table(Condition[] cs, double[][] mean) {
        StringBuilder b = new StringBuilder();
        for (Condition c : cs) {
            b.append(String.format(Locale.ROOT, "%-22s", c));
            for (int k = 0; k < NAMES.length; k++) {
                b.append(String.format(Locale.ROOT, " %s=%+.3f", NAMES[k], mean[c.ordinal()][k]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void conditionsDifferInSimpleImageStatistics() {
        List<Sample> all = TestSupport.set(TestSupport.SMALL);
        Condition[] cs = Condition.values();
        int f = NAMES.length;
        double[][] mean = new double[cs.length][f];
        double[][] var = new double[cs.length][f];
        for (Condition c : cs) {
            List<Sample> l = TestSupport.of(all, c);
            double[][] v = l.stream().map(s -> features(s.image())).toArray(double[][]::new);
            for (int k = 0; k < f; k++) {
                double m = 0;
                for (double[] row : v) {
                    m += row[k];
                }
                m /= v.length;
                double q = 0;
                for (double[] row : v) {
                    q += (row[k] - m) * (row[k] - m);
                }
                mean[c.ordinal()][k] = m;
                var[c.ordinal()][k] = q / (v.length - 1);
            }
        }
        // every pair of conditions is separated by at least one statistic (effect size)
        for (int a = 0; a < cs.length; a++) {
            for (int b = a + 1; b < cs.length; b++) {
                double best = 0;
                for (int k = 0; k < f; k++) {
                    double sd = Math.sqrt((var[a][k] + var[b][k]) / 2) + 1e-9;
                    best = Math.max(best, Math.abs(mean[a][k] - mean[b][k]) / sd);
                }
                assertTrue(best > 0.5, cs[a] + " and " + cs[b] + " look alike: effect size " + best + "\n"
                        + table(cs, mean));
            }
        }
        int lum = 0;
        int red = 1;
        // direction checks
        assertTrue(mean[Condition.VITILIGO.ordinal()][lum] > 0.1, "vitiligo is lighter than the skin around");
        assertTrue(mean[Condition.NEVUS.ordinal()][lum] < -0.1, "a nevus is darker than the skin around");
        assertTrue(mean[Condition.MELANOMA.ordinal()][lum] < -0.1, "melanoma is darker than the skin around");
        assertTrue(mean[Condition.SEBORRHEIC_KERATOSIS.ordinal()][lum] < -0.1);
        for (Condition c : List.of(Condition.PSORIASIS, Condition.ECZEMA, Condition.URTICARIA)) {
            assertTrue(mean[c.ordinal()][red] > mean[Condition.VITILIGO.ordinal()][red], c + " is redder");
            assertTrue(mean[c.ordinal()][red] > mean[Condition.NEVUS.ordinal()][red] - 0.01, c + " vs nevus");
        }
    }
}
