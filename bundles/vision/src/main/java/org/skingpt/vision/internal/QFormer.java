package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * BLIP-2's Q-Former as used for images: learned query tokens, the BERT embeddings' LayerNorm on
 * them, then the layers, cross-attending to the image. Its output is the last hidden state of the
 * queries.
 */
final class QFormer {

    /**
     * {@code LayerNorm(query_tokens)}: the embeddings step depends on no input, so it is done once at
     * load time instead of on every image (dropout does not apply at inference).
     */
    private final NDArray queryEmbeddings;
    private final List<QFormerLayer> layers;

    private QFormer(NDArray queryEmbeddings, List<QFormerLayer> layers) {
        this.queryEmbeddings = queryEmbeddings;
        this.layers = layers;
    }

    static QFormer load(Parameters p, VisionConfig c) {
        long w = c.qformerWidth();
        NDArray queryEmbeddings;
        try (NDArray tokens = p.get("query_tokens", 1, c.numQueryTokens(), w)) {
            Norm norm = Norm.load(p, "Qformer.bert.embeddings.LayerNorm", w, c.qformerLayerNormEps());
            queryEmbeddings = norm.apply(tokens.reshape(c.numQueryTokens(), w));
            norm.weight().close();
            norm.bias().close();
        }
        List<QFormerLayer> layers = new ArrayList<>();
        for (int i = 0; i < c.qformerLayers(); i++) {
            layers.add(QFormerLayer.load(p, i, c));
        }
        return new QFormer(queryEmbeddings, List.copyOf(layers));
    }

    /**
     * @param image {@code [vitTokens, vitWidth]}, after {@code ln_vision}
     * @return {@code [queries, qformerWidth]} in {@code image}'s manager
     */
    NDArray forward(NDArray image) {
        NDManager scope = image.getManager();
        // A copy in the call's scope: results of operations belong to their first operand's manager.
        NDArray x = queryEmbeddings.get(scope, new NDIndex(":"));
        for (QFormerLayer layer : layers) {
            try (NDManager layerScope = scope.newSubManager()) {
                x.attach(layerScope);
                x = layer.forward(x, image);
                x.attach(scope);
            }
        }
        return x;
    }
}
