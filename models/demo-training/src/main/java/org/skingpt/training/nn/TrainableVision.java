package org.skingpt.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.Condition;
import org.skingpt.vision.internal.VisionConfig;

/**
 * The {@code minigpt4-vision} encoder (EVA ViT, {@code ln_vision}, BLIP-2 Q-Former, linear projection)
 * as a batched, trainable network with LAVIS parameter names, plus the step-0 pretraining heads
 * ({@code pretrain_head.*}: condition and concept prediction from the mean ViT token, and the same from
 * the mean Q-Former output), which are training-only and never shipped.
 */
public final class TrainableVision {

    public static final String HEAD_PREFIX = "pretrain_head.";
    /** Heads on the Q-Former's output, for its step-0 pretraining (as BLIP-2 pretrains its Q-Former). */
    public static final String QFORMER_HEAD_PREFIX = HEAD_PREFIX + "qformer_";
    /** The Q-Former's optional Fitzpatrick-type head ({@link #addSkinTypeHead}). */
    public static final String QFORMER_SKIN_TYPE_HEAD = QFORMER_HEAD_PREFIX + "fitzpatrick";

    private final VisionConfig c;
    private final Params p;
    private final int llmWidth;
    private boolean skinTypeHead;

    public TrainableVision(VisionConfig config, Params params, int llmWidth) {
        this.c = config;
        this.p = params;
        this.llmWidth = llmWidth;
        define();
    }

    public VisionConfig config() {
        return c;
    }

    private void define() {
        long w = c.vitWidth();
        double std = 0.02;
        p.normal("visual_encoder.patch_embed.proj.weight", std, w, 3, c.patchSize(), c.patchSize());
        p.zeros("visual_encoder.patch_embed.proj.bias", w);
        p.normal("visual_encoder.cls_token", std, 1, 1, w);
        p.normal("visual_encoder.pos_embed", std, 1, c.vitTokens(), w);
        for (int i = 0; i < c.vitDepth(); i++) {
            String b = "visual_encoder.blocks." + i;
            norm(b + ".norm1", w);
            p.normal(b + ".attn.qkv.weight", std, 3 * w, w);
            p.zeros(b + ".attn.q_bias", w);
            p.zeros(b + ".attn.v_bias", w);
            dense(b + ".attn.proj", w, w, std / Math.sqrt(2 * c.vitDepth()));
            norm(b + ".norm2", w);
            dense(b + ".mlp.fc1", c.vitMlpWidth(), w, std);
            dense(b + ".mlp.fc2", w, c.vitMlpWidth(), std / Math.sqrt(2 * c.vitDepth()));
        }
        norm("ln_vision", w);
        long q = c.qformerWidth();
        p.normal("query_tokens", std, 1, c.numQueryTokens(), q);
        norm("Qformer.bert.embeddings.LayerNorm", q);
        for (int i = 0; i < c.qformerLayers(); i++) {
            String l = "Qformer.bert.encoder.layer." + i;
            bertAttention(l + ".attention", q, q);
            if (c.hasCrossAttention(i)) {
                bertAttention(l + ".crossattention", q, w);
            }
            dense(l + ".intermediate_query.dense", c.qformerIntermediate(), q, std);
            dense(l + ".output_query.dense", q, c.qformerIntermediate(), std);
            norm(l + ".output_query.LayerNorm", q);
        }
        dense("llama_proj", llmWidth, q, std);
        dense(HEAD_PREFIX + "condition", Condition.values().length, w, std);
        dense(HEAD_PREFIX + "concepts", Concept.values().length, w, std);
        dense(QFORMER_HEAD_PREFIX + "condition", Condition.values().length, q, std);
        dense(QFORMER_HEAD_PREFIX + "concepts", Concept.values().length, q, std);
    }

    private void bertAttention(String prefix, long width, long contextWidth) {
        dense(prefix + ".self.query", width, width, 0.02);
        dense(prefix + ".self.key", width, contextWidth, 0.02);
        dense(prefix + ".self.value", width, contextWidth, 0.02);
        dense(prefix + ".output.dense", width, width, 0.02);
        norm(prefix + ".output.LayerNorm", width);
    }

    private void dense(String prefix, long out, long in, double std) {
        p.normal(prefix + ".weight", std, out, in);
        p.zeros(prefix + ".bias", out);
    }

    private void norm(String prefix, long width) {
        p.ones(prefix + ".weight", width);
        p.zeros(prefix + ".bias", width);
    }

    private NDArray w(String name) {
        return p.get(name);
    }

    private NDArray dense(NDArray x, String prefix) {
        return Layers.linear(x, w(prefix + ".weight"), w(prefix + ".bias"));
    }

    private NDArray norm(NDArray x, String prefix, double eps) {
        return Layers.layerNorm(x, w(prefix + ".weight"), w(prefix + ".bias"), (float) eps);
    }

    /**
     * ViT over normalised pixels.
     *
     * @param pixels {@code [B, 3, S, S]}
     * @return {@code [B, 1 + patches, vitWidth]} after {@code ln_vision}
     */
    public NDArray vit(NDArray pixels) {
        long batch = pixels.getShape().get(0);
        long w = c.vitWidth();
        NDArray patches = Conv2d.conv2d(pixels, w("visual_encoder.patch_embed.proj.weight"),
                        w("visual_encoder.patch_embed.proj.bias"), new Shape(c.patchSize(), c.patchSize()),
                        new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow()
                .reshape(batch, w, (long) c.gridSize() * c.gridSize())
                .transpose(0, 2, 1);
        NDArray cls = pixels.getManager().zeros(new Shape(batch, 1, w)).add(w("visual_encoder.cls_token"));
        NDArray x = NDArrays.concat(new NDList(cls, patches), 1).add(w("visual_encoder.pos_embed"));
        for (int i = 0; i < c.vitBlocksUsed(); i++) {
            String b = "visual_encoder.blocks." + i;
            NDArray h = norm(x, b + ".norm1", c.layerNormEps());
            NDArray qkvBias = NDArrays.concat(new NDList(w(b + ".attn.q_bias"),
                    pixels.getManager().zeros(new Shape(w)), w(b + ".attn.v_bias")));
            NDList qkv = Layers.linear(h, w(b + ".attn.qkv.weight"), qkvBias).split(3, 2);
            x = x.add(dense(Layers.attention(qkv.get(0), qkv.get(1), qkv.get(2), c.vitHeads(), null), b + ".attn.proj"));
            NDArray m = norm(x, b + ".norm2", c.layerNormEps());
            x = x.add(dense(Layers.gelu(dense(m, b + ".mlp.fc1")), b + ".mlp.fc2"));
        }
        return norm(x, "ln_vision", c.lnVisionEps());
    }

    /** Step-0 heads on the mean ViT token: {@code [B, conditions]} and {@code [B, concepts]} logits. */
    public NDList pretrainHeads(NDArray vitTokens) {
        NDArray pooled = vitTokens.mean(new int[] {1});
        return new NDList(dense(pooled, HEAD_PREFIX + "condition"), dense(pooled, HEAD_PREFIX + "concepts"));
    }

    /**
     * Q-Former and projection.
     *
     * @param image {@code [B, vitTokens, vitWidth]} from {@link #vit}
     * @return visual tokens {@code [B, queries, llmWidth]}
     */
    public NDArray qformerAndProjection(NDArray image) {
        return dense(qformer(image), "llama_proj");
    }

    /**
     * Step-0 heads on the mean Q-Former output: {@code [B, conditions]} and {@code [B, concepts]} logits, and
     * {@code [B, 6]} Fitzpatrick-type logits when {@link #addSkinTypeHead} was called.
     */
    public NDList qformerPretrainHeads(NDArray image) {
        NDArray pooled = qformer(image).mean(new int[] {1});
        NDList heads = new NDList(dense(pooled, QFORMER_HEAD_PREFIX + "condition"),
                dense(pooled, QFORMER_HEAD_PREFIX + "concepts"));
        if (skinTypeHead) {
            heads.add(dense(pooled, QFORMER_SKIN_TYPE_HEAD));
        }
        return heads;
    }

    /**
     * Gives the Q-Former's step 0 a Fitzpatrick-type target as well (issue 23: the ViT carries the skin type, the
     * Q-Former's tokens lost it). Its tensors are made after all others, so the others' initial values stay those
     * of a run without it.
     */
    public void addSkinTypeHead() {
        if (!skinTypeHead) {
            dense(QFORMER_SKIN_TYPE_HEAD, 6, c.qformerWidth(), 0.02);
            skinTypeHead = true;
        }
    }

    /** The Q-Former's query outputs {@code [B, queries, qformerWidth]}, before the projection. */
    private NDArray qformer(NDArray image) {
        long batch = image.getShape().get(0);
        double eps = c.qformerLayerNormEps();
        NDArray queries = image.getManager().zeros(new Shape(batch, c.numQueryTokens(), c.qformerWidth()))
                .add(w("query_tokens"));
        NDArray h = norm(queries, "Qformer.bert.embeddings.LayerNorm", eps);
        for (int i = 0; i < c.qformerLayers(); i++) {
            String l = "Qformer.bert.encoder.layer." + i;
            h = bert(h, h, l + ".attention", eps);
            if (c.hasCrossAttention(i)) {
                h = bert(h, image, l + ".crossattention", eps);
            }
            NDArray f = dense(Layers.gelu(dense(h, l + ".intermediate_query.dense")), l + ".output_query.dense");
            h = norm(f.add(h), l + ".output_query.LayerNorm", eps);
        }
        return h;
    }

    private NDArray bert(NDArray hidden, NDArray context, String prefix, double eps) {
        NDArray attended = Layers.attention(dense(hidden, prefix + ".self.query"), dense(context, prefix + ".self.key"),
                dense(context, prefix + ".self.value"), c.qformerHeads(), null);
        return norm(dense(attended, prefix + ".output.dense").add(hidden), prefix + ".output.LayerNorm", eps);
    }
}
