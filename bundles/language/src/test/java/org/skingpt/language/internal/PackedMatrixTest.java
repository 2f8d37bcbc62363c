package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every path of the packed product (one input, passes of four, the two or three leftover inputs of a
 * batch sharing a pass with repeated inputs, blocks split between threads) gives each output the bits
 * of its definition: input positions 0 to cols-1 in order, one fused multiply-add each, from zero.
 * The decoder's batched and single answers rest on this.
 */
class PackedMatrixTest {

    @ParameterizedTest(name = "{0} inputs")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 23})
    void everyInputCountGivesTheDefinitionsBits(int count) {
        Random random = new Random(count);
        int rows = 3 * PackedMatrix.BLOCK + 5; // a partial last block
        int cols = 37;
        float[] weights = new float[rows * cols];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        float[][] in = new float[count][cols];
        for (float[] x : in) {
            for (int i = 0; i < cols; i++) {
                x[i] = (float) random.nextGaussian();
            }
        }
        PackedMatrix matrix = new PackedMatrix(weights, rows, cols);
        float[][] whole = new float[count][rows];
        matrix.multiply(in, count, whole, 0, matrix.blocks());
        float[][] split = new float[count][rows];
        matrix.multiply(in, count, split, 0, 1);
        matrix.multiply(in, count, split, 1, matrix.blocks());

        for (int v = 0; v < count; v++) {
            for (int r = 0; r < rows; r++) {
                float sum = 0f;
                for (int i = 0; i < cols; i++) {
                    sum = Math.fma(weights[r * cols + i], in[v][i], sum);
                }
                assertEquals(Float.floatToIntBits(sum), Float.floatToIntBits(whole[v][r]),
                        "input " + v + ", row " + r + ": " + whole[v][r] + " instead of " + sum);
                assertEquals(Float.floatToIntBits(sum), Float.floatToIntBits(split[v][r]),
                        "blocks split: input " + v + ", row " + r);
            }
        }
    }
}
