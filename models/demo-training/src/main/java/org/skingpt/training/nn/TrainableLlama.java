package org.skingpt.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;
import org.skingpt.language.internal.LlamaConfig;

/**
 * A Llama decoder (Hugging Face {@code LlamaForCausalLM} names, tied embeddings) as a batched,
 * trainable network over embedding sequences, so that visual tokens can be spliced between text
 * tokens exactly as at inference.
 */
public final class TrainableLlama {

    private final LlamaConfig c;
    private final Params p;

    public TrainableLlama(LlamaConfig config, Params params) {
        if (!config.tieWordEmbeddings()) {
            throw new IllegalArgumentException("the demo decoder ties its embeddings");
        }
        this.c = config;
        this.p = params;
        long d = c.hiddenSize();
        double std = 0.02;
        double residualStd = std / Math.sqrt(2 * c.numHiddenLayers());
        p.normal("model.embed_tokens.weight", std, c.vocabSize(), d);
        long attn = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String l = "model.layers." + i + ".";
            p.ones(l + "input_layernorm.weight", d);
            p.normal(l + "self_attn.q_proj.weight", std, attn, d);
            p.normal(l + "self_attn.k_proj.weight", std, kv, d);
            p.normal(l + "self_attn.v_proj.weight", std, kv, d);
            p.normal(l + "self_attn.o_proj.weight", residualStd, d, attn);
            p.ones(l + "post_attention_layernorm.weight", d);
            p.normal(l + "mlp.gate_proj.weight", std, c.intermediateSize(), d);
            p.normal(l + "mlp.up_proj.weight", std, c.intermediateSize(), d);
            p.normal(l + "mlp.down_proj.weight", residualStd, d, c.intermediateSize());
        }
        p.ones("model.norm.weight", d);
    }

    public LlamaConfig config() {
        return c;
    }

    /** Token embeddings {@code [B, T, d]} of ids {@code [B, T]}. */
    public NDArray embed(NDArray ids) {
        // Row selection rather than DJL's embedding operator, whose gradient comes back NaN on libtorch 2.7 here.
        Shape s = ids.getShape();
        return p.get("model.embed_tokens.weight").get(new ai.djl.ndarray.index.NDIndex("{}", ids.flatten()))
                .reshape(s.get(0), s.get(1), c.hiddenSize());
    }

    /**
     * Causal decoder over embeddings.
     *
     * @param x {@code [B, T, d]}
     * @return final hidden states {@code [B, T, d]} (after the final norm)
     */
    public NDArray hidden(NDArray x) {
        NDManager m = x.getManager();
        int t = (int) x.getShape().get(1);
        int hd = c.headDim();
        NDList table = rotary(m, t);
        NDArray mask = causalMask(m, t);
        float eps = (float) c.rmsNormEps();
        int groups = c.numAttentionHeads() / c.numKeyValueHeads();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String l = "model.layers." + i + ".";
            NDArray h = Layers.rmsNorm(x, p.get(l + "input_layernorm.weight"), eps);
            NDArray q = Layers.rope(Layers.splitHeads(Layers.linear(h, p.get(l + "self_attn.q_proj.weight"), null),
                    c.numAttentionHeads()), table.get(0), table.get(1));
            NDArray k = Layers.rope(Layers.splitHeads(Layers.linear(h, p.get(l + "self_attn.k_proj.weight"), null),
                    c.numKeyValueHeads()), table.get(0), table.get(1));
            NDArray v = Layers.splitHeads(Layers.linear(h, p.get(l + "self_attn.v_proj.weight"), null), c.numKeyValueHeads());
            if (groups > 1) {
                k = k.repeat(1, groups);
                v = v.repeat(1, groups);
            }
            NDArray attended = Layers.mergeHeads(Layers.attendHeads(q, k, v, mask));
            x = x.add(Layers.linear(attended, p.get(l + "self_attn.o_proj.weight"), null));
            NDArray n = Layers.rmsNorm(x, p.get(l + "post_attention_layernorm.weight"), eps);
            NDArray gated = Layers.silu(Layers.linear(n, p.get(l + "mlp.gate_proj.weight"), null))
                    .mul(Layers.linear(n, p.get(l + "mlp.up_proj.weight"), null));
            x = x.add(Layers.linear(gated, p.get(l + "mlp.down_proj.weight"), null));
        }
        return Layers.rmsNorm(x, p.get("model.norm.weight"), eps);
    }

    /** Logits {@code [..., vocab]} of hidden states (tied head). */
    public NDArray logits(NDArray hidden) {
        return Layers.linear(hidden, p.get("model.embed_tokens.weight"), null);
    }

    private NDList rotary(NDManager m, int t) {
        int hd = c.headDim();
        int half = hd / 2;
        float[] cos = new float[t * hd];
        float[] sin = new float[t * hd];
        for (int pos = 0; pos < t; pos++) {
            for (int i = 0; i < half; i++) {
                float invFreq = 1.0f / (float) Math.pow(c.ropeTheta(), (float) (2 * i) / hd);
                float angle = (float) pos * invFreq;
                cos[pos * hd + i] = cos[pos * hd + half + i] = (float) Math.cos(angle);
                sin[pos * hd + i] = sin[pos * hd + half + i] = (float) Math.sin(angle);
            }
        }
        return new NDList(Tensors.of(m, cos, new Shape(t, hd)), Tensors.of(m, sin, new Shape(t, hd)));
    }

    private static NDArray causalMask(NDManager m, int t) {
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                mask[i * t + j] = -1e9f;
            }
        }
        return Tensors.of(m, mask, new Shape(t, t));
    }
}
