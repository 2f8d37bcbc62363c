package org.skingpt.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.skingpt.api.review.InterRater;
import org.skingpt.api.review.Proportion;

/**
 * The statistics of a review study, in plain Java: the Wilson score interval of a proportion, and Krippendorff's
 * alpha for any number of raters with missing ratings.
 */
final class ReviewStatistics {

    /** The 97.5th percentile of the standard normal distribution: a two-sided 95% interval. */
    static final double Z95 = 1.959963984540054;

    /** The distance between two values that Krippendorff's alpha weighs disagreement by. */
    enum Metric {
        NOMINAL, ORDINAL, INTERVAL
    }

    private ReviewStatistics() {
    }

    /**
     * {@code count} out of {@code n} in percent with its Wilson score 95% interval (Wilson 1927; Newcombe 1998,
     * method 3): unlike the plain normal approximation it stays within 0 to 100 % and is fair for the small
     * samples and shares near 100 % a review study has.
     */
    static Proportion wilson(int count, int n) {
        if (n == 0) {
            return new Proportion(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double p = (double) count / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // At 0 and n the exact bound is 0 or 1; keep rounding from putting it a hair outside.
        double low = count == 0 ? 0 : Math.max(0, centre - half);
        double high = count == n ? 1 : Math.min(1, centre + half);
        return new Proportion(count, n, 100 * p, 100 * low, 100 * high);
    }

    /**
     * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") over the coincidence
     * matrix: each unit (a study item) lists the values its raters gave, any number of them; units with fewer than
     * two values are not pairable and are left out.
     *
     * @return NaN in {@link InterRater#alpha()} when fewer than two pairable values, or no expected disagreement
     *         (every value the same)
     */
    static InterRater alpha(List<List<Integer>> units, Metric metric) {
        TreeMap<Integer, TreeMap<Integer, Double>> o = new TreeMap<>();
        TreeSet<Integer> values = new TreeSet<>();
        int pairableUnits = 0;
        int pairableValues = 0;
        for (List<Integer> unit : units) {
            List<Integer> v = new ArrayList<>();
            for (Integer x : unit) {
                if (x != null) {
                    v.add(x);
                }
            }
            int m = v.size();
            if (m < 2) {
                continue;
            }
            pairableUnits++;
            pairableValues += m;
            for (int i = 0; i < m; i++) {
                values.add(v.get(i));
                for (int j = 0; j < m; j++) {
                    if (i != j) {
                        o.computeIfAbsent(v.get(i), k -> new TreeMap<>()).merge(v.get(j), 1.0 / (m - 1), Double::sum);
                    }
                }
            }
        }
        if (pairableValues < 2) {
            return new InterRater(Double.NaN, pairableUnits, pairableValues);
        }
        List<Integer> sorted = new ArrayList<>(values);
        int k = sorted.size();
        double[] nc = new double[k];
        double[][] coincidences = new double[k][k];
        for (int a = 0; a < k; a++) {
            TreeMap<Integer, Double> row = o.getOrDefault(sorted.get(a), new TreeMap<>());
            for (int b = 0; b < k; b++) {
                coincidences[a][b] = row.getOrDefault(sorted.get(b), 0.0);
                nc[a] += coincidences[a][b];
            }
        }
        double n = 0;
        for (double x : nc) {
            n += x;
        }
        double observed = 0;
        double expected = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double d2 = delta2(metric, sorted, nc, a, b);
                observed += coincidences[a][b] * d2;
                expected += nc[a] * nc[b] * d2;
            }
        }
        if (expected == 0) {
            return new InterRater(Double.NaN, pairableUnits, pairableValues);
        }
        return new InterRater(1 - (n - 1) * observed / expected, pairableUnits, pairableValues);
    }

    /** Squared difference of the a-th and b-th smallest values under the metric. */
    private static double delta2(Metric metric, List<Integer> sorted, double[] nc, int a, int b) {
        if (a == b) {
            return 0;
        }
        return switch (metric) {
            case NOMINAL -> 1;
            case INTERVAL -> {
                double d = sorted.get(a) - sorted.get(b);
                yield d * d;
            }
            case ORDINAL -> {
                // The ranks between the two values, counted by how often each was used (Krippendorff 2011, p. 6).
                int lo = Math.min(a, b);
                int hi = Math.max(a, b);
                double sum = 0;
                for (int g = lo; g <= hi; g++) {
                    sum += nc[g];
                }
                double d = sum - (nc[a] + nc[b]) / 2;
                yield d * d;
            }
        };
    }
}
