package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.nn.Weights;

/**
 * Random weights with LAVIS names for a small configuration, the safetensors file they make, and a
 * forward pass through {@link Reference} to check the DJL implementation against. Public for the
 * benchmark, which needs weights of a larger shape.
 */
public final class TinyModel {

    /** 42x42 image, 14-px patches (9 + 1 tokens), ViT 16 wide x 3 blocks of which 2 are used, 2 heads. */
    static final Map<String, Object> HYPER_PARAMETERS = Map.ofEntries(
            Map.entry("image_size", 42),
            Map.entry("patch_size", 14),
            Map.entry("vit_width", 16),
            Map.entry("vit_depth", 3),
            Map.entry("vit_blocks_used", 2),
            Map.entry("vit_heads", 2),
            Map.entry("vit_mlp_width", 24),
            Map.entry("qformer_width", 12),
            Map.entry("qformer_layers", 2),
            Map.entry("qformer_heads", 2),
            Map.entry("qformer_intermediate", 20),
            Map.entry("num_query_tokens", 4),
            Map.entry("llm_width", 10));

    final VisionConfig config;
    final Map<String, float[]> values = new LinkedHashMap<>();
    final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Random random;

    /** Random weights (uniform, fan-in scaled) for these hyper-parameters; llm_width must be stated. */
    public TinyModel(Map<String, Object> hyperParameters, long seed) {
        this.config = VisionConfig.fromHyperParameters(hyperParameters);
        this.random = new Random(seed);
        VisionConfig c = config;
        int w = c.vitWidth();
        int p = c.patchSize();
        tensor("visual_encoder.patch_embed.proj.weight", 1 / Math.sqrt(3.0 * p * p), w, 3, p, p);
        tensor("visual_encoder.patch_embed.proj.bias", 0.1, w);
        tensor("visual_encoder.cls_token", 0.5, 1, 1, w);
        tensor("visual_encoder.pos_embed", 0.5, 1, c.vitTokens(), w);
        for (int i = 0; i < c.vitDepth(); i++) {
            String b = "visual_encoder.blocks." + i;
            norm(b + ".norm1", w);
            tensor(b + ".attn.qkv.weight", 1 / Math.sqrt(w), 3 * w, w);
            tensor(b + ".attn.q_bias", 0.2, w);
            tensor(b + ".attn.v_bias", 0.2, w);
            dense(b + ".attn.proj", w, w);
            norm(b + ".norm2", w);
            dense(b + ".mlp.fc1", c.vitMlpWidth(), w);
            dense(b + ".mlp.fc2", w, c.vitMlpWidth());
        }
        norm("ln_vision", w);
        int q = c.qformerWidth();
        tensor("query_tokens", 1, 1, c.numQueryTokens(), q);
        norm("Qformer.bert.embeddings.LayerNorm", q);
        for (int i = 0; i < c.qformerLayers(); i++) {
            String l = "Qformer.bert.encoder.layer." + i;
            attention(l + ".attention", q, q);
            if (c.hasCrossAttention(i)) {
                attention(l + ".crossattention", q, w);
            }
            dense(l + ".intermediate_query.dense", c.qformerIntermediate(), q);
            dense(l + ".output_query.dense", q, c.qformerIntermediate());
            norm(l + ".output_query.LayerNorm", q);
        }
        int llm = c.llmWidth().orElseThrow();
        if (c.projector() == VisionConfig.Projector.LINEAR) {
            dense("llama_proj", llm, q);
        } else {
            dense("llama_proj.0", llm, q);
            dense("llama_proj.2", llm, llm);
        }
    }

    static TinyModel standard() {
        return new TinyModel(HYPER_PARAMETERS, 42);
    }

    /** A synthetic descriptor named {@code tiny-vision@0.0.1}. */
    public static ModelDescriptor descriptor(Map<String, Object> hyperParameters) {
        return new ModelDescriptor("tiny-vision", "0.0.1", ModelKind.IMAGE_ENCODER, VisionConfig.ARCHITECTURE,
                hyperParameters, null, List.of(), "tests only", true);
    }

    ModelDescriptor descriptor() {
        return descriptor(HYPER_PARAMETERS);
    }

    private void tensor(String name, double scale, long... shape) {
        values.put(name, uniform(random, scale, shape));
        shapes.put(name, shape);
    }

    /** Uniform values in (-scale, scale) for a tensor of this shape. */
    static float[] uniform(Random random, double scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private void dense(String prefix, int out, int in) {
        tensor(prefix + ".weight", 1 / Math.sqrt(in), out, in);
        tensor(prefix + ".bias", 0.1, out);
    }

    private void norm(String prefix, int width) {
        tensor(prefix + ".weight", 0.2, width);
        float[] gamma = values.get(prefix + ".weight");
        for (int i = 0; i < width; i++) {
            gamma[i] += 1;
        }
        tensor(prefix + ".bias", 0.1, width);
    }

    private void attention(String prefix, int width, int contextWidth) {
        dense(prefix + ".self.query", width, width);
        dense(prefix + ".self.key", width, contextWidth);
        dense(prefix + ".self.value", width, contextWidth);
        dense(prefix + ".output.dense", width, width);
        norm(prefix + ".output.LayerNorm", width);
    }

    float[] v(String name) {
        float[] f = values.get(name);
        if (f == null) {
            throw new IllegalArgumentException(name);
        }
        return f;
    }

    /** Writes all tensors, or those {@code keep} accepts, with one shape overridden if asked. */
    Path write(Path file, Weights.StoredType type, Predicate<String> keep, Map<String, long[]> reshaped) throws IOException {
        try (NDManager m = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            Map<String, NDArray> arrays = new HashMap<>();
            values.forEach((name, v) -> {
                if (keep.test(name)) {
                    long[] shape = reshaped.getOrDefault(name, shapes.get(name));
                    arrays.put(name, m.create(v, new Shape(shape)));
                }
            });
            Weights.write(out, arrays, type, Map.of("format", "pt"));
        }
        return file;
    }

    /** Writes every tensor as F32. */
    public Path write(Path file) throws IOException {
        return write(file, Weights.StoredType.F32, name -> true, Map.of());
    }

    // ---- reference forward pass ----

    double[][] evaBlock(int index, double[][] x) {
        String b = "visual_encoder.blocks." + index;
        double eps = config.layerNormEps();
        double[][] h = Reference.add(x, Reference.evaAttention(
                Reference.layerNorm(x, v(b + ".norm1.weight"), v(b + ".norm1.bias"), eps),
                v(b + ".attn.qkv.weight"), v(b + ".attn.q_bias"), v(b + ".attn.v_bias"),
                v(b + ".attn.proj.weight"), v(b + ".attn.proj.bias"), config.vitHeads()));
        return Reference.add(h, evaMlp(index, Reference.layerNorm(h, v(b + ".norm2.weight"), v(b + ".norm2.bias"), eps)));
    }

    double[][] evaMlp(int index, double[][] x) {
        String b = "visual_encoder.blocks." + index + ".mlp";
        return Reference.linear(Reference.gelu(Reference.linear(x, v(b + ".fc1.weight"), v(b + ".fc1.bias"))),
                v(b + ".fc2.weight"), v(b + ".fc2.bias"));
    }

    /** Patch embedding, class token first, plus positions. */
    double[][] vitEmbed(float[] chw) {
        int w = config.vitWidth();
        double[][] patches = Reference.patchEmbed(chw, config.imageSize(), v("visual_encoder.patch_embed.proj.weight"),
                v("visual_encoder.patch_embed.proj.bias"), config.patchSize());
        float[] pos = v("visual_encoder.pos_embed");
        float[] cls = v("visual_encoder.cls_token");
        double[][] x = new double[patches.length + 1][w];
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < w; i++) {
                x[t][i] = (t == 0 ? cls[i] : patches[t - 1][i]) + pos[t * w + i];
            }
        }
        return x;
    }

    /** BertSelfAttention + BertSelfOutput. */
    double[][] bertAttention(String prefix, double[][] hidden, double[][] context) {
        double[][] attended = Reference.attention(
                Reference.linear(hidden, v(prefix + ".self.query.weight"), v(prefix + ".self.query.bias")),
                Reference.linear(context, v(prefix + ".self.key.weight"), v(prefix + ".self.key.bias")),
                Reference.linear(context, v(prefix + ".self.value.weight"), v(prefix + ".self.value.bias")),
                config.qformerHeads());
        return Reference.layerNorm(Reference.add(Reference.linear(attended, v(prefix + ".output.dense.weight"),
                        v(prefix + ".output.dense.bias")), hidden),
                v(prefix + ".output.LayerNorm.weight"), v(prefix + ".output.LayerNorm.bias"), config.qformerLayerNormEps());
    }

    double[][] qformerLayer(int index, double[][] queries, double[][] image) {
        String l = "Qformer.bert.encoder.layer." + index;
        double[][] h = bertAttention(l + ".attention", queries, queries);
        if (config.hasCrossAttention(index)) {
            h = bertAttention(l + ".crossattention", h, image);
        }
        double[][] ffn = Reference.linear(Reference.gelu(Reference.linear(h, v(l + ".intermediate_query.dense.weight"),
                v(l + ".intermediate_query.dense.bias"))), v(l + ".output_query.dense.weight"), v(l + ".output_query.dense.bias"));
        return Reference.layerNorm(Reference.add(ffn, h), v(l + ".output_query.LayerNorm.weight"),
                v(l + ".output_query.LayerNorm.bias"), config.qformerLayerNormEps());
    }

    double[][] project(double[][] x) {
        if (config.projector() == VisionConfig.Projector.LINEAR) {
            return Reference.linear(x, v("llama_proj.weight"), v("llama_proj.bias"));
        }
        return Reference.linear(Reference.gelu(Reference.linear(x, v("llama_proj.0.weight"), v("llama_proj.0.bias"))),
                v("llama_proj.2.weight"), v("llama_proj.2.bias"));
    }

    /** The whole encoder on a preprocessed CHW image: {@code [queries, llm_width]}. */
    double[][] encode(float[] chw) {
        double[][] x = vitEmbed(chw);
        for (int i = 0; i < config.vitBlocksUsed(); i++) {
            x = evaBlock(i, x);
        }
        double[][] image = Reference.layerNorm(x, v("ln_vision.weight"), v("ln_vision.bias"), config.lnVisionEps());
        double[][] q = Reference.layerNorm(Reference.rows(v("query_tokens"), config.numQueryTokens(), config.qformerWidth()),
                v("Qformer.bert.embeddings.LayerNorm.weight"), v("Qformer.bert.embeddings.LayerNorm.bias"),
                config.qformerLayerNormEps());
        for (int i = 0; i < config.qformerLayers(); i++) {
            q = qformerLayer(i, q, image);
        }
        return project(q);
    }
}
