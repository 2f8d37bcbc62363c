package org.skingpt.language.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.skingpt.nn.Half;
import org.skingpt.nn.Weights;

/** Small Llama models with random weights and a tiny Llama-style tokenizer, written to disk for tests. */
final class TestModels {

    static final String METASPACE = "\u2581";

    private TestModels() {
    }

    /**
     * Writes a tokenizer.json shaped like Llama-2's (BPE with byte fallback, metaspace normaliser,
     * the same decoder chain), with a vocabulary small enough for tests: special tokens, a few byte
     * tokens (enough for é, € and 🙂), characters and some merges.
     *
     * @return the tokens in id order
     */
    static List<String> writeTokenizer(Path file) throws IOException {
        List<String> vocab = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b : new int[] {0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x99}) {
            vocab.add(String.format("<0x%02X>", b));
        }
        vocab.add(METASPACE);
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.add(String.valueOf(c));
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            vocab.add(String.valueOf(c));
        }
        for (char c : ".,:;!?#'-()0123456789".toCharArray()) {
            vocab.add(String.valueOf(c));
        }
        String[][] merges = {
            {METASPACE, "t"}, {"h", "e"}, {METASPACE + "t", "he"}, {"#", "#"}, {"##", "#"}, {"i", "n"},
            {METASPACE, "a"}, {"e", "r"}, {METASPACE, "s"}, {"o", "n"}, {"a", "n"}, {METASPACE, "i"},
        };
        JsonArray mergeList = new JsonArray();
        for (String[] m : merges) {
            vocab.add(m[0] + m[1]);
            mergeList.add(m[0] + " " + m[1]);
        }
        JsonObject vocabJson = new JsonObject();
        for (int i = 0; i < vocab.size(); i++) {
            vocabJson.addProperty(vocab.get(i), i);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", null);
        model.addProperty("unk_token", "<unk>");
        model.add("continuing_subword_prefix", null);
        model.add("end_of_word_suffix", null);
        model.addProperty("fuse_unk", true);
        model.addProperty("byte_fallback", true);
        model.add("vocab", vocabJson);
        model.add("merges", mergeList);

        JsonArray added = new JsonArray();
        for (int i = 0; i < 3; i++) {
            JsonObject t = new JsonObject();
            t.addProperty("id", i);
            t.addProperty("content", vocab.get(i));
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", sequence("normalizers",
                obj("type", "Prepend", "prepend", METASPACE),
                replace(" ", METASPACE)));
        root.add("pre_tokenizer", null);
        root.add("post_processor", null);
        JsonObject strip = obj("type", "Strip", "content", " ");
        strip.addProperty("start", 1);
        strip.addProperty("stop", 0);
        root.add("decoder", sequence("decoders",
                replace(METASPACE, " "), obj("type", "ByteFallback"), obj("type", "Fuse"), strip));
        root.add("model", model);
        Files.writeString(file, root.toString(), StandardCharsets.UTF_8);
        return vocab;
    }

    private static JsonObject obj(String... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.addProperty(kv[i], kv[i + 1]);
        }
        return o;
    }

    private static JsonObject replace(String pattern, String content) {
        JsonObject o = obj("type", "Replace", "content", content);
        o.add("pattern", obj("String", pattern));
        return o;
    }

    private static JsonObject sequence(String key, JsonObject... items) {
        JsonObject o = obj("type", "Sequence");
        JsonArray a = new JsonArray();
        for (JsonObject i : items) {
            a.add(i);
        }
        o.add(key, a);
        return o;
    }

    /** Hyper-parameters as a Hugging Face config.json would give them. */
    static Map<String, Object> hyperParameters(int vocab, int hidden, int ffn, int layers, int heads, int kvHeads,
                                               int positions, boolean tied) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("model_type", "llama");
        p.put("vocab_size", vocab);
        p.put("hidden_size", hidden);
        p.put("intermediate_size", ffn);
        p.put("num_hidden_layers", layers);
        p.put("num_attention_heads", heads);
        p.put("num_key_value_heads", kvHeads);
        p.put("max_position_embeddings", positions);
        p.put("rms_norm_eps", 1e-5);
        p.put("rope_theta", 10000.0);
        p.put("tie_word_embeddings", tied);
        p.put("hidden_act", "silu");
        p.put("bos_token_id", 1);
        return p;
    }

    /**
     * Random parameters with Hugging Face names for {@code c}; norms around 1, matrices with
     * standard deviation {@code std}.
     */
    static Map<String, float[]> randomWeights(LlamaConfig c, float std, long seed) {
        Random random = new Random(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        int d = c.hiddenSize();
        int qw = c.numAttentionHeads() * c.headDim();
        int kw = c.numKeyValueHeads() * c.headDim();
        int f = c.intermediateSize();
        w.put("model.embed_tokens.weight", gaussian(random, c.vocabSize() * d, 1.0f));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            w.put(p + "input_layernorm.weight", around1(random, d));
            w.put(p + "self_attn.q_proj.weight", gaussian(random, qw * d, std));
            w.put(p + "self_attn.k_proj.weight", gaussian(random, kw * d, std));
            w.put(p + "self_attn.v_proj.weight", gaussian(random, kw * d, std));
            w.put(p + "self_attn.o_proj.weight", gaussian(random, d * qw, std));
            w.put(p + "post_attention_layernorm.weight", around1(random, d));
            w.put(p + "mlp.gate_proj.weight", gaussian(random, f * d, std));
            w.put(p + "mlp.up_proj.weight", gaussian(random, f * d, std));
            w.put(p + "mlp.down_proj.weight", gaussian(random, d * f, std));
        }
        w.put("model.norm.weight", around1(random, d));
        if (!c.tieWordEmbeddings()) {
            w.put("lm_head.weight", gaussian(random, c.vocabSize() * d, std));
        }
        return w;
    }

    /** Shape of each parameter named by {@link #randomWeights}. */
    static long[] shapeOf(LlamaConfig c, String name) {
        long d = c.hiddenSize();
        long qw = (long) c.numAttentionHeads() * c.headDim();
        long kw = (long) c.numKeyValueHeads() * c.headDim();
        long f = c.intermediateSize();
        if (name.endsWith("norm.weight")) {
            return new long[] {d};
        }
        if (name.endsWith("q_proj.weight")) {
            return new long[] {qw, d};
        }
        if (name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight")) {
            return new long[] {kw, d};
        }
        if (name.endsWith("o_proj.weight")) {
            return new long[] {d, qw};
        }
        if (name.endsWith("gate_proj.weight") || name.endsWith("up_proj.weight")) {
            return new long[] {f, d};
        }
        if (name.endsWith("down_proj.weight")) {
            return new long[] {d, f};
        }
        return new long[] {c.vocabSize(), d};
    }

    /** Writes {@code weights} as one safetensors file. */
    static Path write(Path file, LlamaConfig c, Map<String, float[]> weights, Map<String, long[]> shapeOverrides,
                      Weights.StoredType type) throws IOException {
        try (NDManager m = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            Map<String, NDArray> arrays = new HashMap<>();
            weights.forEach((name, values) -> {
                long[] shape = shapeOverrides.getOrDefault(name, shapeOf(c, name));
                arrays.put(name, m.create(values, new Shape(shape)));
            });
            Weights.write(out, arrays, type, Map.of("format", "pt"));
        }
        return file;
    }

    /** The values an F16 file stores for {@code weights}. */
    static Map<String, float[]> roundedToHalf(Map<String, float[]> weights) {
        Map<String, float[]> rounded = new LinkedHashMap<>();
        weights.forEach((k, v) -> {
            float[] r = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = Half.toFloat(Half.fromFloat(v[i]));
            }
            rounded.put(k, r);
        });
        return rounded;
    }

    static float[] gaussian(Random random, int n, float std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * std;
        }
        return v;
    }

    private static float[] around1(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1f + 0.1f * (float) random.nextGaussian();
        }
        return v;
    }
}
