package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each block of the decoder against the plain-Java reference, on small random inputs. */
class LlamaLayersTest {

    private static final double TOLERANCE = 1e-4;

    private NDManager manager;
    private final Random random = new Random(42);

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private float[] randn(int n, float std) {
        return TestModels.gaussian(random, n, std);
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max abs difference " + worst);
    }

    private static double[] toDouble(float[] v, int from, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = v[from + i];
        }
        return d;
    }

    @Test
    void rmsNormMatchesReference() {
        int rows = 3;
        int d = 16;
        float[] x = randn(rows * d, 2f);
        float[] w = randn(d, 1f);
        float[] got = LlamaLayers.rmsNorm(manager.create(x, new Shape(rows, d)), manager.create(w), manager.create(1e-5f),
                manager.create(-0.5f), DataType.FLOAT32).toFloatArray();
        double[] expected = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ReferenceLlama.rmsNorm(toDouble(x, r * d, d), w, 1e-5), 0, expected, r * d, d);
        }
        assertClose(expected, got, "rmsnorm");
    }

    @Test
    void ropeMatchesReferenceRotateHalfConventionAtAnOffset() {
        for (double theta : new double[] {10_000.0, 500_000.0}) {
            int t = 3;
            int n = 2;
            int hd = 8;
            int start = 5;
            RotaryEmbedding rope = new RotaryEmbedding(manager, DataType.FLOAT32, 64, hd, theta);
            float[] x = randn(t * n * hd, 1f);
            NDArray input = manager.create(x, new Shape(t, n, hd));
            float[] got = rope.apply(input, rope.cos(start, t), rope.sin(start, t)).toFloatArray();
            double[] expected = new double[x.length];
            for (int i = 0; i < t; i++) {
                for (int h = 0; h < n; h++) {
                    double[] head = toDouble(x, (i * n + h) * hd, hd);
                    ReferenceLlama.rope(head, start + i, theta);
                    System.arraycopy(head, 0, expected, (i * n + h) * hd, hd);
                }
            }
            assertClose(expected, got, "rope theta " + theta);
        }
    }

    @Test
    void ropeAtPositionZeroIsIdentityAndRotationPreservesNorm() {
        RotaryEmbedding rope = new RotaryEmbedding(manager, DataType.FLOAT32, 16, 4, 10_000);
        float[] x = {1, 2, 3, 4};
        NDArray input = manager.create(x, new Shape(1, 1, 4));
        assertClose(toDouble(x, 0, 4), rope.apply(input, rope.cos(0, 1), rope.sin(0, 1)).toFloatArray(), "pos 0");
        float[] rotated = rope.apply(input, rope.cos(7, 1), rope.sin(7, 1)).toFloatArray();
        // Pairs are (x0, x2) and (x1, x3): each pair keeps its length.
        assertEquals(Math.hypot(1, 3), Math.hypot(rotated[0], rotated[2]), 1e-5);
        assertEquals(Math.hypot(2, 4), Math.hypot(rotated[1], rotated[3]), 1e-5);
    }

    private void checkAttention(int t, int heads, int kvHeads, int hd, int start, boolean causal) {
        int length = start + t;
        float[] q = randn(t * heads * hd, 1f);
        float[] k = randn(length * kvHeads * hd, 1f);
        float[] v = randn(length * kvHeads * hd, 1f);
        // The tensor version takes keys and values as the cache holds them: [KV, L, hd].
        NDArray keys = manager.create(k, new Shape(length, kvHeads, hd)).transpose(1, 0, 2);
        NDArray values = manager.create(v, new Shape(length, kvHeads, hd)).transpose(1, 0, 2);
        // The model folds 1/sqrt(hd) into its query projection; the reference scales itself.
        NDArray queries = manager.create(q, new Shape(t, heads, hd)).mul((float) (1 / Math.sqrt(hd)));
        NDArray mask = causal ? LlamaLayers.causalMask(queries, start, t) : null;
        float[] got = LlamaLayers.attention(queries, keys, values, mask, heads, kvHeads, hd, t, length, DataType.FLOAT32)
                .toFloatArray();

        double[][][] rq = new double[t][heads][];
        for (int i = 0; i < t; i++) {
            for (int h = 0; h < heads; h++) {
                rq[i][h] = toDouble(q, (i * heads + h) * hd, hd);
            }
        }
        double[][][] rk = new double[length][kvHeads][];
        double[][][] rv = new double[length][kvHeads][];
        for (int j = 0; j < length; j++) {
            for (int h = 0; h < kvHeads; h++) {
                rk[j][h] = toDouble(k, (j * kvHeads + h) * hd, hd);
                rv[j][h] = toDouble(v, (j * kvHeads + h) * hd, hd);
            }
        }
        double[][] expected = ReferenceLlama.attention(rq, rk, rv, start, causal);
        double[] flat = new double[t * heads * hd];
        for (int i = 0; i < t; i++) {
            System.arraycopy(expected[i], 0, flat, i * heads * hd, heads * hd);
        }
        assertClose(flat, got, "attention t=" + t + " H=" + heads + " KV=" + kvHeads + " start=" + start + " causal=" + causal);
    }

    @Test
    void causalAttentionMatchesReference() {
        checkAttention(5, 4, 4, 8, 0, true);
    }

    @Test
    void causalGroupedQueryAttentionAfterCachedPositionsMatchesReference() {
        checkAttention(4, 6, 2, 8, 3, true);
        checkAttention(1, 4, 2, 8, 6, true); // one decoding step
    }

    @Test
    void unmaskedAttentionMatchesReferenceAndDiffersFromMasked() {
        checkAttention(4, 4, 2, 8, 2, false);
        checkAttention(1, 4, 1, 8, 5, false);
    }

    @Test
    void maskMatters() {
        float[] q = randn(3 * 2 * 4, 1f);
        float[] k = randn(3 * 2 * 4, 1f);
        NDArray queries = manager.create(q, new Shape(3, 2, 4));
        NDArray keys = manager.create(k, new Shape(2, 3, 4));
        float[] masked = LlamaLayers.attention(queries, keys, keys, LlamaLayers.causalMask(queries, 0, 3), 2, 2, 4, 3, 3,
                DataType.FLOAT32).toFloatArray();
        float[] open = LlamaLayers.attention(queries, keys, keys, null, 2, 2, 4, 3, 3, DataType.FLOAT32).toFloatArray();
        double firstRowDifference = 0;
        for (int i = 0; i < 8; i++) {
            firstRowDifference += Math.abs(masked[i] - open[i]);
        }
        assertTrue(firstRowDifference > 1e-3, "the first query must not see later keys");
    }

    @Test
    void swiGluMatchesReference() {
        int rows = 3;
        int d = 8;
        int f = 12;
        float[] x = randn(rows * d, 1f);
        float[] gate = randn(f * d, 0.5f);
        float[] up = randn(f * d, 0.5f);
        float[] down = randn(d * f, 0.5f);
        NDArray gateUp = NDArrays.concat(new NDList(manager.create(gate, new Shape(f, d)), manager.create(up, new Shape(f, d))), 0);
        float[] got = LlamaLayers.swiGlu(manager.create(x, new Shape(rows, d)), gateUp, manager.create(down, new Shape(d, f)), f)
                .toFloatArray();
        double[] expected = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ReferenceLlama.swiGlu(toDouble(x, r * d, d), gate, up, down, f), 0, expected, r * d, d);
        }
        assertClose(expected, got, "swiglu");
    }
}
