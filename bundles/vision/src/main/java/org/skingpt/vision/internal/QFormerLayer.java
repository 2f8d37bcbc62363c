package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;

/**
 * One BLIP-2 Q-Former layer on the query tokens ({@code BertLayer} with {@code query_length} equal
 * to the sequence, as when encoding an image with no text): self-attention, cross-attention to the
 * image on every {@code cross_attention_freq}-th layer, then the query feed-forward
 * ({@code intermediate_query} / {@code output_query}), all post-norm with residuals. The text
 * feed-forward ({@code intermediate} / {@code output}) is never used for images and is not loaded.
 */
final class QFormerLayer {

    private final BertAttention selfAttention;
    /** Null on layers without cross-attention. */
    private final BertAttention crossAttention;
    private final Dense intermediate;
    private final Dense output;
    private final Norm outputNorm;

    QFormerLayer(BertAttention selfAttention, BertAttention crossAttention, Dense intermediate, Dense output,
                 Norm outputNorm) {
        this.selfAttention = selfAttention;
        this.crossAttention = crossAttention;
        this.intermediate = intermediate;
        this.output = output;
        this.outputNorm = outputNorm;
    }

    /** Reads layer {@code index} ({@code Qformer.bert.encoder.layer.<index>.*}). */
    static QFormerLayer load(Parameters p, int index, VisionConfig c) {
        String prefix = "Qformer.bert.encoder.layer." + index;
        long w = c.qformerWidth();
        return new QFormerLayer(
                BertAttention.load(p, prefix + ".attention", w, c),
                c.hasCrossAttention(index) ? BertAttention.load(p, prefix + ".crossattention", c.vitWidth(), c) : null,
                Dense.load(p, prefix + ".intermediate_query.dense", c.qformerIntermediate(), w),
                Dense.load(p, prefix + ".output_query.dense", w, c.qformerIntermediate()),
                Norm.load(p, prefix + ".output_query.LayerNorm", w, c.qformerLayerNormEps()));
    }

    boolean hasCrossAttention() {
        return crossAttention != null;
    }

    /**
     * @param queries {@code [queries, qformerWidth]}
     * @param image   {@code [vitTokens, vitWidth]}, after {@code ln_vision}
     * @return {@code [queries, qformerWidth]} in {@code queries}' manager
     */
    NDArray forward(NDArray queries, NDArray image) {
        NDArray h = selfAttention.forward(queries, queries);
        if (crossAttention != null) {
            h = crossAttention.forward(h, image);
        }
        return outputNorm.apply(output.apply(Ops.gelu(intermediate.apply(h))).add(h));
    }
}
