package org.skingpt.language.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.skingpt.api.model.ModelLoadException;

/**
 * Hyper-parameters of a Llama-architecture decoder.
 *
 * <p>{@link #fromHyperParameters(Map)} reads the key names of a Hugging Face {@code config.json}
 * ({@code hidden_size}, {@code num_key_value_heads}, ...), so a model descriptor can carry that file
 * verbatim. One key is ours: {@code context_length}, the positions one conversation may use; it
 * defaults to {@code max_position_embeddings} and lets an operator cap the memory a conversation's
 * KV cache may take (SkinGPT-4 ran with 2,000).
 *
 * @param vocabSize             rows of the embedding and the LM head
 * @param hiddenSize            width of the residual stream (5,120 for Llama-2-13b)
 * @param intermediateSize      width of the SwiGLU hidden layer
 * @param numHiddenLayers       decoder blocks
 * @param numAttentionHeads     query heads
 * @param numKeyValueHeads      key/value heads (fewer than query heads: grouped-query attention)
 * @param headDim               width of one head
 * @param maxPositionEmbeddings positions the model was trained for
 * @param contextLength         positions one conversation may use, at most {@code maxPositionEmbeddings}
 * @param rmsNormEps            epsilon of RMSNorm
 * @param ropeTheta             base of the rotary position frequencies
 * @param tieWordEmbeddings     whether the LM head reuses the token embedding matrix
 * @param bosTokenId            token put at the start of a conversation, or -1 for none
 * @param eosTokenIds           tokens that end an answer
 */
public record LlamaConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int maxPositionEmbeddings,
        int contextLength,
        double rmsNormEps,
        double ropeTheta,
        boolean tieWordEmbeddings,
        int bosTokenId,
        List<Integer> eosTokenIds) {

    /** Checks the values against each other; every message names the offending parameter. */
    public LlamaConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("head_dim", headDim);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("context_length", contextLength);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new ModelLoadException("num_attention_heads (" + numAttentionHeads
                    + ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ").");
        }
        if (headDim % 2 != 0) {
            throw new ModelLoadException("head_dim must be even for rotary embeddings, got " + headDim + ".");
        }
        if (contextLength > maxPositionEmbeddings) {
            throw new ModelLoadException("context_length (" + contextLength + ") must not exceed max_position_embeddings ("
                    + maxPositionEmbeddings + ").");
        }
        if (!(rmsNormEps > 0) || Double.isInfinite(rmsNormEps)) {
            throw new ModelLoadException("rms_norm_eps must be a positive number, got " + rmsNormEps + ".");
        }
        if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new ModelLoadException("rope_theta must be a positive number, got " + ropeTheta + ".");
        }
        if (bosTokenId < -1 || bosTokenId >= vocabSize) {
            throw new ModelLoadException("bos_token_id must be a token id below vocab_size (" + vocabSize + "), got "
                    + bosTokenId + ".");
        }
        eosTokenIds = List.copyOf(eosTokenIds);
        for (int id : eosTokenIds) {
            if (id < 0 || id >= vocabSize) {
                throw new ModelLoadException("eos_token_id must be token ids below vocab_size (" + vocabSize + "), got "
                        + id + ".");
            }
        }
    }

    /**
     * Reads hyper-parameters named as in a Hugging Face Llama {@code config.json}.
     *
     * <p>Required: {@code vocab_size}, {@code hidden_size}, {@code intermediate_size},
     * {@code num_hidden_layers}, {@code num_attention_heads}, {@code max_position_embeddings}.
     * Optional with Hugging Face's defaults: {@code num_key_value_heads} (= heads),
     * {@code head_dim} (= hidden / heads), {@code rms_norm_eps} (1e-6), {@code rope_theta} (10,000),
     * {@code tie_word_embeddings} (false), {@code bos_token_id} (none), {@code eos_token_id} (none;
     * a number or a list); {@code rope_theta} may also come inside {@code rope_parameters}
     * (transformers 5). Features this implementation does not have (rope scaling of any kind,
     * attention or MLP biases, an activation other than SiLU) are refused rather than ignored,
     * because ignoring them would give wrong answers without an error.
     *
     * @throws ModelLoadException naming the key whose value is missing, mistyped or out of range
     */
    public static LlamaConfig fromHyperParameters(Map<String, ?> p) {
        int hidden = requiredInt(p, "hidden_size");
        int heads = requiredInt(p, "num_attention_heads");
        int maxPositions = requiredInt(p, "max_position_embeddings");
        double ropeTheta = ropeTheta(p);
        Object act = p.get("hidden_act");
        if (act != null && !"silu".equals(act)) {
            throw new ModelLoadException("hidden_act must be 'silu' for the Llama architecture, got '" + act + "'.");
        }
        for (String bias : List.of("attention_bias", "mlp_bias")) {
            if (optionalBoolean(p, bias, false)) {
                throw new ModelLoadException(bias + " = true is not supported: Llama projections have no bias.");
            }
        }
        if (p.get("head_dim") == null && heads > 0 && hidden % heads != 0) {
            throw new ModelLoadException("hidden_size (" + hidden + ") must be a multiple of num_attention_heads ("
                    + heads + ") unless head_dim is given.");
        }
        int headDim = optionalInt(p, "head_dim", heads > 0 ? hidden / heads : 0);
        return new LlamaConfig(
                requiredInt(p, "vocab_size"),
                hidden,
                requiredInt(p, "intermediate_size"),
                requiredInt(p, "num_hidden_layers"),
                heads,
                optionalInt(p, "num_key_value_heads", heads),
                headDim,
                maxPositions,
                optionalInt(p, "context_length", maxPositions),
                optionalDouble(p, "rms_norm_eps", 1e-6),
                ropeTheta,
                optionalBoolean(p, "tie_word_embeddings", false),
                optionalInt(p, "bos_token_id", -1),
                intList(p, "eos_token_id"));
    }

    /**
     * The rotary base. Older configs carry {@code rope_theta} (and {@code rope_scaling}) at the top;
     * transformers 5 writes {@code rope_parameters: {rope_type, rope_theta}}. Any rope type other
     * than the default (linear, dynamic, yarn, llama3 scaling) is refused.
     */
    private static double ropeTheta(Map<String, ?> p) {
        for (String key : List.of("rope_scaling", "rope_parameters")) {
            Object v = p.get(key);
            if (v == null) {
                continue;
            }
            Object type = v instanceof Map<?, ?> m ? (m.containsKey("rope_type") ? m.get("rope_type") : m.get("type")) : v;
            if (type != null && !"default".equals(type)) {
                throw new ModelLoadException(key + " = " + v + " is not supported; only plain rotary embeddings"
                        + " (rope type 'default') are.");
            }
        }
        double top = optionalDouble(p, "rope_theta", Double.NaN);
        double nested = Double.NaN;
        if (p.get("rope_parameters") instanceof Map<?, ?> m && m.get("rope_theta") != null) {
            @SuppressWarnings("unchecked")
            Map<String, ?> parameters = (Map<String, ?>) m;
            nested = optionalDouble(parameters, "rope_theta", Double.NaN);
        }
        if (!Double.isNaN(top) && !Double.isNaN(nested) && top != nested) {
            throw new ModelLoadException("rope_theta (" + top + ") and rope_parameters.rope_theta (" + nested
                    + ") disagree.");
        }
        return !Double.isNaN(nested) ? nested : !Double.isNaN(top) ? top : 10_000.0;
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return numAttentionHeads / numKeyValueHeads;
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new ModelLoadException(key + " must be a positive integer, got " + value + ".");
        }
    }

    private static int requiredInt(Map<String, ?> p, String key) {
        if (p.get(key) == null) {
            throw new ModelLoadException("Missing hyper-parameter '" + key + "' (Hugging Face config.json name).");
        }
        return optionalInt(p, key, 0);
    }

    private static int optionalInt(Map<String, ?> p, String key, int fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        return toInt(key, v);
    }

    private static int toInt(String key, Object v) {
        try {
            // BigDecimal accepts 4096, 4096.0 (JSON readers that make every number a double) and "4096".
            BigDecimal d = v instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(v.toString().trim());
            return d.intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ModelLoadException("Hyper-parameter '" + key + "' must be an integer, got '" + v + "'.");
        }
    }

    private static double optionalDouble(Map<String, ?> p, String key, double fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ModelLoadException("Hyper-parameter '" + key + "' must be a number, got '" + v + "'.");
        }
    }

    private static boolean optionalBoolean(Map<String, ?> p, String key, boolean fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ModelLoadException("Hyper-parameter '" + key + "' must be true or false, got '" + v + "'.");
    }

    private static List<Integer> intList(Map<String, ?> p, String key) {
        Object v = p.get(key);
        List<Integer> ids = new ArrayList<>();
        if (v instanceof Iterable<?> list) {
            for (Object o : list) {
                ids.add(toInt(key, o));
            }
        } else if (v != null) {
            ids.add(toInt(key, v));
        }
        return ids;
    }
}
