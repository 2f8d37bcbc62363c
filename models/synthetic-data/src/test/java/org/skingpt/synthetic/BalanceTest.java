package org.skingpt.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BalanceTest {
    private static final int N = Condition.values().length;

    @Test
    void conditionsAndSkinTypesAreCoprimeCycles() {
        // the balance argument relies on this; adding a condition must keep it true
        assertEquals(1, gcd(N, 6), "number of conditions must be coprime with 6");
        assertTrue(N >= 11);
    }

    @Test
    void anyContiguousRangeIsBalancedWithinOne() {
        int[][] ranges = {{0, 1000}, {17, 250}, {5, 66}, {123_456, 777}, {3, 10}};
        for (int[] r : ranges) {
            int[] cond = new int[N];
            int[] type = new int[6];
            for (int i = r[0]; i < r[0] + r[1]; i++) {
                cond[SyntheticGenerator.conditionOf(i).ordinal()]++;
                type[SyntheticGenerator.fitzpatrickOf(i) - 1]++;
            }
            assertTrue(spread(cond) <= 1, "conditions unbalanced in " + r[0] + "+" + r[1]);
            assertTrue(spread(type) <= 1, "skin types unbalanced in " + r[0] + "+" + r[1]);
        }
    }

    @Test
    void every66ConsecutiveIndicesHoldEachConditionAndTypePairOnce() {
        for (int start : new int[] {0, 1, 65, 1000}) {
            int[][] pair = new int[N][6];
            for (int i = start; i < start + 6 * N; i++) {
                pair[SyntheticGenerator.conditionOf(i).ordinal()][SyntheticGenerator.fitzpatrickOf(i) - 1]++;
            }
            for (int[] row : pair) {
                for (int c : row) {
                    assertEquals(1, c);
                }
            }
        }
    }

    @Test
    void generatedSamplesFollowTheIndexRule() {
        List<Sample> set = TestSupport.set(TestSupport.SMALL);
        int[][] pair = new int[N][6];
        for (Sample s : set) {
            assertEquals(SyntheticGenerator.conditionOf(s.index()), s.condition());
            assertEquals(SyntheticGenerator.fitzpatrickOf(s.index()), s.fitzpatrick());
            pair[s.condition().ordinal()][s.fitzpatrick() - 1]++;
        }
        int expected = set.size() / (6 * N);
        for (int[] row : pair) {
            for (int c : row) {
                assertEquals(expected, c, "equal counts per skin type per condition");
            }
        }
    }

    private static int spread(int[] counts) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int c : counts) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return max - min;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
