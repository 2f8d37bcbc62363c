package org.skingpt.language.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/**
 * The tensor functions a Llama decoder block is made of, as stateless functions so that each can
 * be checked against a plain-Java reference on its own.
 *
 * <p>Decoding runs these once per token and layer, and each native call costs microseconds, so
 * they avoid calls that do no arithmetic: shapes and types are passed in rather than queried from
 * fresh arrays (each query is a native call), scalars are passed as prepared arrays (a Java
 * {@code Number} operand makes DJL create a tensor first), sub-ranges are taken with
 * {@code split} (one call) rather than {@code NDIndex} (several), and arrays just created here are
 * updated in place ({@code addi}, {@code muli}) rather than copied, since every array made costs a
 * second native call to free it.
 *
 * <p>Every result is attached to the manager of the first (activation) argument, not to the
 * weights' manager, and the caller's {@link ai.djl.ndarray.NDScope} closes the temporaries.
 */
final class LlamaLayers {

    private LlamaLayers() {
    }

    /** {@code x · wᵀ} for a weight stored as {@code [out, in]} (PyTorch's layout), in one native call. */
    static NDArray linear(NDArray x, NDArray weight) {
        return Linear.linear(x, weight).singletonOrThrow();
    }

    /** Rows {@code from .. to-1} of {@code a} along {@code axis}: a view, one native call. */
    static NDArray range(NDArray a, long from, long to, int axis) {
        if (from == 0) {
            return a.split(new long[] {to}, axis).get(0);
        }
        return a.split(new long[] {from, to}, axis).get(1);
    }

    /**
     * RMSNorm over the last axis: {@code x / sqrt(mean(x²) + eps) * weight}. Reduced-precision inputs
     * are normalised in float32 and cast back before the scale, as the Hugging Face reference does,
     * because the sum of squares overflows float16.
     *
     * @param eps       a float32 scalar array holding epsilon
     * @param minusHalf a float32 scalar array holding -0.5 (an inverse square root is one power)
     * @param compute   the type of {@code x}
     */
    static NDArray rmsNorm(NDArray x, NDArray weight, NDArray eps, NDArray minusHalf, DataType compute) {
        boolean reduced = compute != DataType.FLOAT32;
        NDArray xf = reduced ? x.toType(DataType.FLOAT32, false) : x;
        NDArray inverseRms = xf.square().mean(new int[] {-1}, true).addi(eps).powi(minusHalf);
        NDArray normed = xf.mul(inverseRms);
        return (reduced ? normed.toType(compute, false) : normed).muli(weight);
    }

    /**
     * SwiGLU feed-forward on {@code [T, d]}: {@code down(silu(gate(x)) * up(x))}, with the gate and
     * up projections stacked in one {@code [2F, d]} matrix (gate rows first) so both take one matrix
     * product.
     */
    static NDArray swiGlu(NDArray x, NDArray gateUp, NDArray down, long ffn) {
        NDList halves = linear(x, gateUp).split(new long[] {ffn}, 1);
        NDArray gate = halves.get(0);
        return linear(Activation.sigmoid(gate).muli(gate).muli(halves.get(1)), down);
    }

    /**
     * Additive causal mask for {@code t} queries at positions {@code start .. start+t-1} over keys
     * at positions {@code 0 .. start+t-1}: 0 where a query may look, minus infinity where it may not.
     *
     * @return a {@code [t, start + t]} float32 array on {@code like}'s device and manager
     */
    static NDArray causalMask(NDArray like, int start, int t) {
        int keys = start + t;
        float[] mask = new float[t * keys];
        for (int i = 0; i < t; i++) {
            for (int j = start + i + 1; j < keys; j++) {
                mask[i * keys + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return like.getManager().create(mask, new Shape(t, keys));
    }

    /**
     * Dot-product attention with grouped-query heads, for queries that are already scaled by
     * {@code 1/sqrt(hd)} (the model folds that factor into its query projection).
     *
     * <p>Query head {@code h} reads key/value head {@code h / (H / KV)}, the Hugging Face
     * {@code repeat_kv} convention. Instead of repeating keys and values, the queries of a group are
     * stacked so that one batched matrix product per key/value head does the work.
     *
     * @param q       scaled queries {@code [T, H, hd]}, already rotated
     * @param keys    keys {@code [KV, L, hd]}, already rotated
     * @param values  values {@code [KV, L, hd]}
     * @param mask    additive float32 mask {@code [T, L]} (see {@link #causalMask}), or null to let every
     *                query see every key (also right for one query at the end of the cache)
     * @param compute the type of {@code q}, {@code keys} and {@code values}
     * @return the attended values {@code [T, H * hd]}, heads concatenated
     */
    static NDArray attention(NDArray q, NDArray keys, NDArray values, NDArray mask, int heads, int kvHeads,
                             int headDim, int t, int length, DataType compute) {
        long group = heads / kvHeads;
        // [T, H, hd] -> [KV, G*T, hd]; for a single query the memory order already matches.
        NDArray grouped = t == 1 ? q.reshape(kvHeads, group, headDim) : q.transpose(1, 0, 2).reshape(kvHeads, group * t, headDim);
        NDArray scores = grouped.matMul(keys.transpose(0, 2, 1));
        boolean reduced = compute != DataType.FLOAT32;
        if (reduced) {
            // Softmax in float32 like the reference: float16 exponentials lose small probabilities.
            scores = scores.toType(DataType.FLOAT32, false);
        }
        if (mask != null) {
            scores = scores.reshape(kvHeads, group, t, length).addi(mask).reshape(kvHeads, group * t, length);
        }
        NDArray probabilities = scores.softmax(-1);
        if (reduced) {
            probabilities = probabilities.toType(compute, false);
        }
        NDArray out = probabilities.matMul(values); // [KV, G*T, hd]
        return t == 1 ? out.reshape(1, (long) heads * headDim)
                : out.reshape(heads, t, headDim).transpose(1, 0, 2).reshape(t, (long) heads * headDim);
    }
}
