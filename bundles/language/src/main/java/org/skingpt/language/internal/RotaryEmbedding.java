package org.skingpt.language.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in the Hugging Face Llama convention ({@code rotate_half}: the two
 * halves of a head are the two coordinates of each rotated pair, not interleaved elements).
 *
 * <p>Cosine and sine tables for every position are computed once at load. The angles are computed
 * in float32 exactly as the reference does ({@code inv_freq = 1 / theta^(2i/d)},
 * {@code angle = position * inv_freq}, both rounded to float), so long positions drift the same
 * way as in the model's training code. {@code rotate_half} is a product with a fixed
 * {@code [hd, hd]} signed permutation matrix: one native call instead of split, negate and concat;
 * its entries are 0 and ±1, so the product is exact.
 */
final class RotaryEmbedding {

    private final NDArray cos; // [positions, 1, hd]
    private final NDArray sin; // [positions, 1, hd]
    private final NDArray rotateHalf; // [hd, hd]

    RotaryEmbedding(NDManager manager, DataType type, int positions, int headDim, double theta) {
        int half = headDim / 2;
        float[] invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / headDim;
            invFreq[i] = 1.0f / (float) Math.pow(theta, exponent);
        }
        float[] c = new float[positions * headDim];
        float[] s = new float[positions * headDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * invFreq[i];
                float cv = (float) Math.cos(angle);
                float sv = (float) Math.sin(angle);
                int base = p * headDim;
                c[base + i] = cv;
                c[base + half + i] = cv;
                s[base + i] = sv;
                s[base + half + i] = sv;
            }
        }
        float[] r = new float[headDim * headDim];
        for (int j = 0; j < half; j++) {
            r[(j + half) * headDim + j] = -1f; // output j (first half) = -x[j + half]
            r[j * headDim + j + half] = 1f; // output j + half = x[j]
        }
        this.cos = cast(manager.create(c, new Shape(positions, 1, headDim)), type);
        this.sin = cast(manager.create(s, new Shape(positions, 1, headDim)), type);
        this.rotateHalf = cast(manager.create(r, new Shape(headDim, headDim)), type);
    }

    private static NDArray cast(NDArray array, DataType type) {
        if (array.getDataType() == type) {
            return array;
        }
        NDArray converted = array.toType(type, false);
        array.close();
        return converted;
    }

    /**
     * Cosines for {@code t} positions from {@code start}: a {@code [t, 1, hd]} view. Views of the
     * tables belong to the model's manager; the caller's scope closes them.
     */
    NDArray cos(int start, int t) {
        return LlamaLayers.range(cos, start, start + t, 0);
    }

    /** Sines for {@code t} positions from {@code start}: a {@code [t, 1, hd]} view. */
    NDArray sin(int start, int t) {
        return LlamaLayers.range(sin, start, start + t, 0);
    }

    /**
     * Rotates {@code x} ({@code [T, heads, hd]}) by the angles of its positions:
     * {@code x * cos + rotate_half(x) * sin}.
     *
     * @param cos from {@link #cos(int, int)} for the same positions
     * @param sin from {@link #sin(int, int)} for the same positions
     */
    NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        NDArray rotated = x.matMul(rotateHalf).muli(sin);
        return x.mul(cos).addi(rotated);
    }
}
