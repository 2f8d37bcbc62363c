package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skingpt.api.review.InterRater;
import org.skingpt.api.review.Proportion;

/** The study statistics against published worked examples. */
class ReviewStatisticsTest {

    /**
     * Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven methods",
     * Statistics in Medicine 17 (1998) 857-872, Table II, method 3 (Wilson score interval without continuity
     * correction), to four decimals.
     */
    @Test
    void wilsonIntervalMatchesNewcombesWorkedExamples() {
        assertInterval(ReviewStatistics.wilson(81, 263), 0.2553, 0.3662);
        assertInterval(ReviewStatistics.wilson(15, 148), 0.0624, 0.1605);
        assertInterval(ReviewStatistics.wilson(0, 20), 0.0000, 0.1611);
        assertInterval(ReviewStatistics.wilson(1, 29), 0.0061, 0.1718);
    }

    @Test
    void wilsonIntervalOfAllAndNoneAndNothing() {
        Proportion all = ReviewStatistics.wilson(4, 4);
        assertEquals(100.0, all.percent());
        assertEquals(100.0, all.high());
        // 4/4: the lower bound is n / (n + z^2) = 4 / 7.8415 = 0.5101
        assertEquals(51.01, all.low(), 0.01);
        Proportion half = ReviewStatistics.wilson(2, 4);
        assertEquals(50.0, half.percent());
        assertEquals(100 - half.high(), half.low(), 1e-9, "symmetric around one half");
        Proportion none = ReviewStatistics.wilson(0, 0);
        assertTrue(Double.isNaN(none.percent()) && Double.isNaN(none.low()) && Double.isNaN(none.high()));
    }

    /**
     * The reliability data of Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four
     * observers, twelve units, missing values; the paper (and Wikipedia's article on Krippendorff's alpha) gives
     * nominal 0.743, ordinal 0.815, interval 0.849.
     */
    @Test
    void alphaMatchesKrippendorffsWorkedExample() {
        Integer[][] byObserver = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
            {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}};
        List<List<Integer>> units = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            List<Integer> unit = new ArrayList<>();
            for (Integer[] observer : byObserver) {
                unit.add(observer[u]);
            }
            units.add(unit);
        }
        InterRater nominal = ReviewStatistics.alpha(units, ReviewStatistics.Metric.NOMINAL);
        assertEquals(0.743, nominal.alpha(), 0.0005);
        assertEquals(11, nominal.units(), "unit 12 has one value: not pairable");
        assertEquals(40, nominal.values());
        assertEquals(0.815, ReviewStatistics.alpha(units, ReviewStatistics.Metric.ORDINAL).alpha(), 0.0005);
        assertEquals(0.849, ReviewStatistics.alpha(units, ReviewStatistics.Metric.INTERVAL).alpha(), 0.0005);
    }

    @Test
    void alphaIsOneForPerfectAgreementAndUndefinedWithoutVariationOrPairs() {
        List<List<Integer>> perfect = List.of(List.of(5, 5), List.of(2, 2), List.of(4, 4, 4));
        assertEquals(1.0, ReviewStatistics.alpha(perfect, ReviewStatistics.Metric.ORDINAL).alpha(), 1e-12);
        assertTrue(Double.isNaN(ReviewStatistics.alpha(List.of(List.of(4, 4), List.of(4, 4)),
                ReviewStatistics.Metric.ORDINAL).alpha()), "no variation: alpha is undefined");
        InterRater single = ReviewStatistics.alpha(List.of(List.of(4), Arrays.asList(5, null)),
                ReviewStatistics.Metric.ORDINAL);
        assertTrue(Double.isNaN(single.alpha()));
        assertEquals(0, single.units());
    }

    /**
     * Two raters who disagree systematically (one always agrees, the other always disagrees) fall below zero;
     * hand computed: coincidences o(2,4) = o(4,2) = 2, n = 4; ordinal delta^2(2,4) = (2+2 - 2)^2 = 4;
     * alpha = 1 - (n-1) * sum(o delta^2) / sum(n_c n_k delta^2) = 1 - 3 * 16 / 32 = -0.5.
     */
    @Test
    void alphaIsNegativeForSystematicDisagreement() {
        List<List<Integer>> units = List.of(List.of(4, 2), List.of(4, 2));
        assertEquals(-0.5, ReviewStatistics.alpha(units, ReviewStatistics.Metric.ORDINAL).alpha(), 1e-12);
    }

    private static void assertInterval(Proportion p, double low, double high) {
        assertEquals(low * 100, p.low(), 0.005, "lower bound of " + p);
        assertEquals(high * 100, p.high(), 0.005, "upper bound of " + p);
    }
}
