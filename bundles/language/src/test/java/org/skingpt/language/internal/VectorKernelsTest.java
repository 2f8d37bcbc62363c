package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attention kernels that serve two query heads of one key/value head at once give each head the
 * very bits the one-head kernels give it (the decoder's answers must not depend on which path ran).
 */
class VectorKernelsTest {

    @ParameterizedTest(name = "{0} positions")
    @ValueSource(ints = {1, 15, 16, 17, 63, 64, 65, 130, 200})
    void twoHeadsAtOnceEqualOneHeadAtATimeToTheBit(int length) {
        Random random = new Random(length);
        int hd = 80; // one register block of 64 columns and a 16-column rest at 16 lanes
        int capacity = length + 7;
        float[] q = new float[3 * hd];
        float[] keysT = new float[hd * ((capacity + VectorKernels.TILE - 1) / VectorKernels.TILE) * VectorKernels.TILE];
        float[] values = new float[capacity * hd];
        fill(random, q);
        fill(random, keysT);
        fill(random, values);

        float[] aloneA = new float[length];
        float[] aloneB = new float[length];
        VectorKernels.scores(q, 0, keysT, 0, hd, length, aloneA);
        VectorKernels.scores(q, 2 * hd, keysT, 0, hd, length, aloneB);
        float[] pairA = new float[length];
        float[] pairB = new float[length];
        VectorKernels.scoresOfPair(q, 0, 2 * hd, keysT, 0, hd, length, pairA, pairB);
        for (int t = 0; t < length; t++) {
            int at = VectorKernels.keyIndex(0, hd, t);
            float sum = keysT[at] * q[0];
            for (int j = 1; j < hd; j++) {
                sum = Math.fma(keysT[at + j * VectorKernels.TILE], q[j], sum);
            }
            assertEquals(sum, aloneA[t], "score of position " + t + ", summed j = 0 up");
        }
        assertArrayEquals(aloneA, pairA, "scores, first head");
        assertArrayEquals(aloneB, pairB, "scores, second head");

        VectorKernels.softmax(aloneA, length);
        VectorKernels.softmax(aloneB, length);
        float[] alone = new float[2 * hd];
        VectorKernels.weightedSum(aloneA, length, values, 0, hd, alone, 0);
        VectorKernels.weightedSum(aloneB, length, values, 0, hd, alone, hd);
        float[] pair = new float[2 * hd];
        VectorKernels.weightedSumOfPair(aloneA, aloneB, length, values, 0, hd, pair, 0, hd);
        assertArrayEquals(alone, pair, "weighted sums");
    }

    private static void fill(Random random, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
    }
}
