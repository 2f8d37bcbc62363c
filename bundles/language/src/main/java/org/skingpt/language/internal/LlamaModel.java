package org.skingpt.language.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.nn.Weights;

/**
 * A Llama-architecture decoder: token embedding, blocks of (RMSNorm, rotary grouped-query causal
 * self-attention, RMSNorm, SwiGLU) with residual connections, final RMSNorm and LM head.
 *
 * <p>Parameters carry the Hugging Face {@code LlamaForCausalLM} names, so any Llama checkpoint
 * converted to safetensors loads. At load, the q/k/v projections of a layer are stacked into one
 * matrix, and gate/up likewise, so a decoding step runs two matrix products fewer per layer; the
 * separate originals are freed. The attention scale {@code 1/sqrt(head_dim)} is folded into the
 * query rows (rotary embeddings are linear, so this is exact up to rounding), which saves one
 * operation per layer and token.
 *
 * <p>The model runs on the device of the {@link Weights}' manager and never assumes a CPU. The
 * input of {@link #forward} is a sequence of embeddings rather than token ids, so visual tokens
 * can be placed anywhere between text tokens. Thread-safe: the weights are only read, and all
 * per-call state lives in the {@link KvCache} passed in.
 */
public final class LlamaModel implements AutoCloseable {

    private record Layer(NDArray inputNorm, NDArray qkv, NDArray out, NDArray postNorm, NDArray gateUp, NDArray down) {
    }

    private final LlamaConfig config;
    private final Weights weights;
    private final DataType computeType;
    private final NDArray embedTokens;
    private final Layer[] layers;
    private final NDArray finalNorm;
    private final NDArray lmHead;
    private final RotaryEmbedding rope;
    private final NDArray eps;
    private final NDArray minusHalf;

    private LlamaModel(LlamaConfig config, Weights weights, DataType computeType, NDArray embedTokens, Layer[] layers,
                       NDArray finalNorm, NDArray lmHead) {
        this.config = config;
        this.weights = weights;
        this.computeType = computeType;
        this.embedTokens = embedTokens;
        this.layers = layers;
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
        this.eps = weights.manager().create((float) config.rmsNormEps());
        this.minusHalf = weights.manager().create(-0.5f);
        this.rope = new RotaryEmbedding(weights.manager(), computeType, config.contextLength(), config.headDim(),
                config.ropeTheta());
    }

    /**
     * Reads every parameter from {@code weights}, checking each shape against {@code config}.
     * The model takes ownership of {@code weights} and closes them on {@link #close()}.
     *
     * @param computeType FLOAT32, or FLOAT16 (meant for GPUs); must be the type the weights were
     *                    opened with
     * @throws ModelLoadException naming the first tensor that is missing or has the wrong shape
     */
    public static LlamaModel load(LlamaConfig config, Weights weights, DataType computeType) {
        if (computeType != DataType.FLOAT32 && computeType != DataType.FLOAT16) {
            throw new ModelLoadException("Compute type " + computeType + " is not supported; use FLOAT32 or FLOAT16.");
        }
        long d = config.hiddenSize();
        long attnWidth = (long) config.numAttentionHeads() * config.headDim();
        long kvWidth = (long) config.numKeyValueHeads() * config.headDim();
        long ffn = config.intermediateSize();
        try {
            NDArray embed = weights.get("model.embed_tokens.weight", config.vocabSize(), d);
            if (embed.getDataType() != computeType) {
                throw new ModelLoadException("The weights were opened as " + embed.getDataType() + " but the compute type is "
                        + computeType + "; open them with the compute type.");
            }
            Layer[] layers = new Layer[config.numHiddenLayers()];
            for (int i = 0; i < layers.length; i++) {
                String p = "model.layers." + i + ".";
                NDArray qkv = stack(
                        scaled(weights.get(p + "self_attn.q_proj.weight", attnWidth, d), 1.0 / Math.sqrt(config.headDim())),
                        weights.get(p + "self_attn.k_proj.weight", kvWidth, d),
                        weights.get(p + "self_attn.v_proj.weight", kvWidth, d));
                NDArray gateUp = stack(
                        weights.get(p + "mlp.gate_proj.weight", ffn, d),
                        weights.get(p + "mlp.up_proj.weight", ffn, d));
                layers[i] = new Layer(
                        weights.get(p + "input_layernorm.weight", d),
                        qkv,
                        weights.get(p + "self_attn.o_proj.weight", d, attnWidth),
                        weights.get(p + "post_attention_layernorm.weight", d),
                        gateUp,
                        weights.get(p + "mlp.down_proj.weight", d, ffn));
            }
            NDArray norm = weights.get("model.norm.weight", d);
            NDArray head;
            if (config.tieWordEmbeddings()) {
                head = embed;
            } else if (weights.contains("lm_head.weight")) {
                head = weights.get("lm_head.weight", config.vocabSize(), d);
            } else {
                throw new ModelLoadException("Missing tensor 'lm_head.weight' (expected shape [" + config.vocabSize() + ", "
                        + d + "]); set tie_word_embeddings to true if the model reuses its token embeddings as LM head.");
            }
            return new LlamaModel(config, weights, computeType, embed, layers, norm, head);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The weight times {@code factor}; the original is freed. */
    private static NDArray scaled(NDArray weight, double factor) {
        NDArray result = weight.mul((float) factor);
        weight.close();
        return result;
    }

    private static NDArray stack(NDArray... parts) {
        NDArray stacked = NDArrays.concat(new NDList(parts), 0);
        for (NDArray part : parts) {
            part.close();
        }
        return stacked;
    }

    /** The weight matrices a decoding step multiplies by, in order (for the decode profile). */
    List<NDArray> matrices() {
        List<NDArray> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(List.of(l.qkv, l.out, l.gateUp, l.down));
        }
        all.add(lmHead);
        return all;
    }

    /** Number of weights (the LM head counted once when tied). */
    long parameterCount() {
        long n = embedTokens.size() + finalNorm.size() + (lmHead == embedTokens ? 0 : lmHead.size());
        for (Layer l : layers) {
            n += l.inputNorm.size() + l.qkv.size() + l.out.size() + l.postNorm.size() + l.gateUp.size() + l.down.size();
        }
        return n;
    }

    /** The hyper-parameters. */
    public LlamaConfig config() {
        return config;
    }

    /** Device the weights live on. */
    public Device device() {
        return weights.manager().getDevice();
    }

    /** Type activations and the cache are computed in. */
    public DataType computeType() {
        return computeType;
    }

    /** Manager owning the weights; conversations take sub-managers of it. */
    NDManager manager() {
        return weights.manager();
    }

    /** A new, empty cache whose arrays live in {@code manager}. */
    KvCache newCache(NDManager manager) {
        return new KvCache(manager, computeType, layers.length, config.numKeyValueHeads(), config.headDim(),
                config.contextLength());
    }

    /**
     * Looks up token embeddings.
     *
     * @return {@code [ids.length, hidden]} in {@code into}'s manager, compute type
     */
    NDArray embed(long[] ids, NDManager into) {
        for (long id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.vocabSize());
            }
        }
        return Embedding.embedding(into.create(ids), embedTokens, SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * Runs new positions through the decoder, after those already in {@code cache}, and stores
     * their keys and values there.
     *
     * @param inputs       {@code [T, hidden]} embeddings of the new positions (tokens and/or visual
     *                     tokens), any float type; should live in the cache's manager
     * @param cache        state of the sequence so far; must have room for {@code T} more positions
     *                     (see {@link KvCache#reserve})
     * @param allPositions return logits of every new position (for tests) rather than only the last
     * @return float32 logits, row-major: {@code [T, vocab]} or {@code [vocab]}
     */
    float[] forward(NDArray inputs, KvCache cache, boolean allPositions) {
        int t = (int) inputs.getShape().get(0);
        int start = cache.length();
        if (inputs.getShape().dimension() != 2 || inputs.getShape().get(1) != config.hiddenSize()) {
            throw new IllegalArgumentException("inputs must be [T, " + config.hiddenSize() + "], got " + inputs.getShape());
        }
        if (t < 1 || start + t > cache.capacity()) {
            throw new IllegalStateException("cache has room for " + (cache.capacity() - start) + " positions, " + t
                    + " given; reserve first");
        }
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int headDim = config.headDim();
        int end = start + t;
        // Every array made in here is a temporary, closed when the scope ends; only the float[] leaves.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = computeType == DataType.FLOAT32 ? inputs : inputs.toType(computeType, false);
            NDArray cos = rope.cos(start, t);
            NDArray sin = rope.sin(start, t);
            NDArray mask = t == 1 ? null : LlamaLayers.causalMask(x, start, t);
            for (int i = 0; i < layers.length; i++) {
                Layer layer = layers[i];
                NDArray h = LlamaLayers.rmsNorm(x, layer.inputNorm, eps, minusHalf, computeType);
                NDArray qkv = LlamaLayers.linear(h, layer.qkv).reshape(t, heads + 2L * kvHeads, headDim);
                NDList qkAndV = qkv.split(new long[] {heads + kvHeads}, 1);
                // Queries and keys are rotated together: one set of rotary operations for both.
                NDList qAndK = rope.apply(qkAndV.get(0), cos, sin).split(new long[] {heads}, 1);
                cache.write(i, qAndK.get(1), qkAndV.get(1), t);
                NDArray attended = LlamaLayers.attention(qAndK.get(0), cache.keys(i, end), cache.values(i, end), mask,
                        heads, kvHeads, headDim, t, end, computeType);
                // Residuals are added into the fresh block outputs, never into the caller's inputs.
                x = LlamaLayers.linear(attended, layer.out).addi(x);
                NDArray normed = LlamaLayers.rmsNorm(x, layer.postNorm, eps, minusHalf, computeType);
                x = LlamaLayers.swiGlu(normed, layer.gateUp, layer.down, config.intermediateSize()).addi(x);
            }
            cache.advance(t);
            NDArray last = allPositions || t == 1 ? x : LlamaLayers.range(x, t - 1, t, 0);
            NDArray logits = LlamaLayers.linear(LlamaLayers.rmsNorm(last, finalNorm, eps, minusHalf, computeType), lmHead);
            return (computeType == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false)).toFloatArray();
        }
    }

    /**
     * A copy of every weight as float32 Java arrays, in the layout this class computes with (q/k/v and
     * gate/up stacked, queries scaled), for {@link CpuLlama}. The LM head is the same array as the
     * embeddings when they are tied.
     */
    CpuLlama.Weights copyToHeap() {
        int n = layers.length;
        float[][] inputNorm = new float[n][], qkv = new float[n][], out = new float[n][], postNorm = new float[n][];
        float[][] gateUp = new float[n][], down = new float[n][];
        for (int i = 0; i < n; i++) {
            Layer l = layers[i];
            inputNorm[i] = floats(l.inputNorm);
            qkv[i] = floats(l.qkv);
            out[i] = floats(l.out);
            postNorm[i] = floats(l.postNorm);
            gateUp[i] = floats(l.gateUp);
            down[i] = floats(l.down);
        }
        float[] embed = floats(embedTokens);
        float[] head = lmHead == embedTokens ? embed : floats(lmHead);
        return new CpuLlama.Weights(embed, inputNorm, qkv, out, postNorm, gateUp, down, floats(finalNorm), head);
    }

    private static float[] floats(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Frees the weights (and every conversation's cache, which live in sub-managers of theirs). */
    @Override
    public void close() {
        weights.close();
    }
}
