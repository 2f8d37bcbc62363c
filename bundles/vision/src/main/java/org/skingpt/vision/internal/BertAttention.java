package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;

/**
 * BERT attention with its post-norm output ({@code BertSelfAttention} + {@code BertSelfOutput}):
 * {@code LayerNorm(dense(attend(query(h), key(ctx), value(ctx))) + h)}. Self-attention when the
 * context is the hidden state itself; cross-attention when it is the image, in which case key and
 * value project from the vision width.
 */
final class BertAttention {

    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;
    private final Norm norm;
    private final int heads;

    BertAttention(Dense query, Dense key, Dense value, Dense output, Norm norm, int heads) {
        this.query = query;
        this.key = key;
        this.value = value;
        this.output = output;
        this.norm = norm;
        this.heads = heads;
    }

    /**
     * Reads {@code <prefix>.self.{query,key,value}} and {@code <prefix>.output.{dense,LayerNorm}}.
     *
     * @param contextWidth width keys and values project from
     */
    static BertAttention load(Parameters p, String prefix, long contextWidth, VisionConfig c) {
        long w = c.qformerWidth();
        return new BertAttention(
                Dense.load(p, prefix + ".self.query", w, w),
                Dense.load(p, prefix + ".self.key", w, contextWidth),
                Dense.load(p, prefix + ".self.value", w, contextWidth),
                Dense.load(p, prefix + ".output.dense", w, w),
                Norm.load(p, prefix + ".output.LayerNorm", w, c.qformerLayerNormEps()),
                c.qformerHeads());
    }

    /**
     * @param hidden  {@code [T, width]}
     * @param context {@code [Tc, contextWidth]}
     * @return {@code [T, width]} in {@code hidden}'s manager
     */
    NDArray forward(NDArray hidden, NDArray context) {
        NDArray attended = Ops.attention(query.apply(hidden), key.apply(context), value.apply(context), heads);
        return norm.apply(output.apply(attended).add(hidden));
    }
}
