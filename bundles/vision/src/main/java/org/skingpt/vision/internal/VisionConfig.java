package org.skingpt.vision.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hyper-parameters of a {@code minigpt4-vision} model, read from a model descriptor's
 * {@code hyperParameters} map. Every key has the SkinGPT-4 value as its default, so a descriptor of
 * the real model may state nothing; a small model states what differs. Unknown keys are refused,
 * because a misspelt key would otherwise silently fall back to the 1408-wide default.
 *
 * <p>Keys (default): {@code image_size} (224), {@code patch_size} (14), {@code vit_width} (1408),
 * {@code vit_depth} (39, blocks stored in the weights), {@code vit_blocks_used} (= vit_depth; the
 * output of block {@code vit_blocks_used - 1} goes on, later blocks are not loaded),
 * {@code vit_heads} (16), {@code vit_mlp_width} or {@code vit_mlp_ratio} (4.3637, giving
 * {@code int(1408 * 4.3637) = 6144} as EVA computes it), {@code layer_norm_eps} (1e-6, ViT blocks),
 * {@code ln_vision_eps} (1e-5), {@code qformer_width} (768), {@code qformer_layers} (12),
 * {@code qformer_heads} (12), {@code qformer_intermediate} (3072), {@code qformer_layer_norm_eps}
 * (1e-12), {@code cross_attention_freq} (2), {@code num_query_tokens} (32), {@code projector}
 * ({@code linear}, or {@code mlp2x_gelu}), {@code llm_width} (read from the projector's weight when
 * absent, checked against it when present), {@code image_mean} / {@code image_std} (CLIP values).
 *
 * @param imageSize          side of the square input after resizing
 * @param patchSize          side of a ViT patch; must divide imageSize
 * @param vitWidth           ViT embedding width
 * @param vitDepth           ViT blocks present in the weights
 * @param vitBlocksUsed      ViT blocks run (1..vitDepth)
 * @param vitHeads           ViT attention heads
 * @param vitMlpWidth        hidden width of the ViT MLP
 * @param layerNormEps       epsilon of the ViT block LayerNorms
 * @param lnVisionEps        epsilon of the LayerNorm between ViT and Q-Former
 * @param qformerWidth       Q-Former (BERT) width
 * @param qformerLayers      Q-Former layers
 * @param qformerHeads       Q-Former attention heads
 * @param qformerIntermediate Q-Former feed-forward width
 * @param qformerLayerNormEps epsilon of the Q-Former LayerNorms
 * @param crossAttentionFreq layer {@code n} cross-attends to the image when {@code n % freq == 0}
 * @param numQueryTokens     learned queries, i.e. visual tokens per image
 * @param projector          projection from Q-Former to language model width
 * @param llmWidth           language model width, empty to take it from the weights
 * @param imageMean          per-channel mean (R, G, B) of pixel values scaled to [0, 1]
 * @param imageStd           per-channel standard deviation (R, G, B)
 */
public record VisionConfig(
        int imageSize,
        int patchSize,
        int vitWidth,
        int vitDepth,
        int vitBlocksUsed,
        int vitHeads,
        int vitMlpWidth,
        double layerNormEps,
        double lnVisionEps,
        int qformerWidth,
        int qformerLayers,
        int qformerHeads,
        int qformerIntermediate,
        double qformerLayerNormEps,
        int crossAttentionFreq,
        int numQueryTokens,
        Projector projector,
        OptionalInt llmWidth,
        float[] imageMean,
        float[] imageStd) {

    /** The architecture name model descriptors use for this encoder. */
    public static final String ARCHITECTURE = "minigpt4-vision";

    /** How Q-Former outputs are mapped to the language model's width. */
    public enum Projector {
        /** One linear layer, {@code llama_proj.{weight,bias}} (MiniGPT-4, SkinGPT-4). */
        LINEAR("linear"),
        /**
         * Linear, exact GELU, linear (LLaVA-1.5 style), stored as {@code llama_proj.0.*} and
         * {@code llama_proj.2.*}, the names {@code nn.Sequential} gives them.
         */
        MLP2X_GELU("mlp2x_gelu");

        private final String key;

        Projector(String key) {
            this.key = key;
        }

        /** The value used in hyper-parameters. */
        public String key() {
            return key;
        }
    }

    private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private static final Set<String> KEYS = Set.of("image_size", "patch_size", "vit_width", "vit_depth", "vit_blocks_used",
            "vit_heads", "vit_mlp_width", "vit_mlp_ratio", "layer_norm_eps", "ln_vision_eps", "qformer_width",
            "qformer_layers", "qformer_heads", "qformer_intermediate", "qformer_layer_norm_eps", "cross_attention_freq",
            "num_query_tokens", "projector", "llm_width", "image_mean", "image_std");

    /** Validates the values; messages name the hyper-parameter keys. */
    public VisionConfig {
        positive("image_size", imageSize);
        positive("patch_size", patchSize);
        if (imageSize % patchSize != 0) {
            throw invalid("image_size (" + imageSize + ") must be a multiple of patch_size (" + patchSize + ")");
        }
        positive("vit_width", vitWidth);
        positive("vit_depth", vitDepth);
        if (vitBlocksUsed < 1 || vitBlocksUsed > vitDepth) {
            throw invalid("vit_blocks_used must be between 1 and vit_depth (" + vitDepth + "), got " + vitBlocksUsed);
        }
        divides("vit_heads", vitHeads, "vit_width", vitWidth);
        positive("vit_mlp_width", vitMlpWidth);
        epsilon("layer_norm_eps", layerNormEps);
        epsilon("ln_vision_eps", lnVisionEps);
        positive("qformer_layers", qformerLayers);
        divides("qformer_heads", qformerHeads, "qformer_width", qformerWidth);
        positive("qformer_intermediate", qformerIntermediate);
        epsilon("qformer_layer_norm_eps", qformerLayerNormEps);
        positive("cross_attention_freq", crossAttentionFreq);
        positive("num_query_tokens", numQueryTokens);
        if (projector == null) {
            throw invalid("projector must be set");
        }
        if (llmWidth == null) {
            llmWidth = OptionalInt.empty();
        }
        if (llmWidth.isPresent()) {
            positive("llm_width", llmWidth.getAsInt());
        }
        imageMean = channels("image_mean", imageMean, false);
        imageStd = channels("image_std", imageStd, true);
    }

    /**
     * Reads hyper-parameters as they come from a parsed {@code model.json}: numbers may be any
     * {@link Number} (JSON parsers give doubles), lists any {@link List} of numbers.
     *
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    public static VisionConfig fromHyperParameters(Map<String, ?> hyperParameters) {
        Map<String, Object> p = new LinkedHashMap<>(hyperParameters);
        Set<String> unknown = new TreeSet<>(p.keySet());
        unknown.removeAll(KEYS);
        unknown.removeIf(k -> k.startsWith(FindingHeads.PREFIX)); // the encoder's optional heads, read by FindingHeads
        unknown.removeIf(k -> k.startsWith(FindingNetwork.PREFIX)); // and the network some of them read (FindingNetwork)
        if (!unknown.isEmpty()) {
            throw invalid("unknown hyper-parameter(s) " + unknown + "; known are " + new TreeSet<>(KEYS));
        }
        int vitWidth = intValue(p, "vit_width", 1408);
        int vitDepth = intValue(p, "vit_depth", 39);
        int mlpWidth;
        if (p.containsKey("vit_mlp_width") && p.containsKey("vit_mlp_ratio")) {
            throw invalid("state either vit_mlp_width or vit_mlp_ratio, not both");
        } else if (p.containsKey("vit_mlp_width")) {
            mlpWidth = intValue(p, "vit_mlp_width", 0);
        } else {
            double ratio = doubleValue(p, "vit_mlp_ratio", 4.3637);
            if (!(ratio > 0)) {
                throw invalid("vit_mlp_ratio must be positive, got " + ratio);
            }
            // EVA sizes its MLP as int(dim * mlp_ratio); 1408 * 4.3637 truncates to 6144.
            mlpWidth = (int) (vitWidth * ratio);
        }
        String projectorKey = String.valueOf(p.getOrDefault("projector", Projector.LINEAR.key()));
        Projector projector = Arrays.stream(Projector.values()).filter(v -> v.key().equals(projectorKey)).findFirst()
                .orElseThrow(() -> invalid("projector must be one of " + Arrays.stream(Projector.values()).map(Projector::key).toList()
                        + ", got '" + projectorKey + "'"));
        return new VisionConfig(
                intValue(p, "image_size", 224),
                intValue(p, "patch_size", 14),
                vitWidth,
                vitDepth,
                intValue(p, "vit_blocks_used", vitDepth),
                intValue(p, "vit_heads", 16),
                mlpWidth,
                doubleValue(p, "layer_norm_eps", 1e-6),
                doubleValue(p, "ln_vision_eps", 1e-5),
                intValue(p, "qformer_width", 768),
                intValue(p, "qformer_layers", 12),
                intValue(p, "qformer_heads", 12),
                intValue(p, "qformer_intermediate", 3072),
                doubleValue(p, "qformer_layer_norm_eps", 1e-12),
                intValue(p, "cross_attention_freq", 2),
                intValue(p, "num_query_tokens", 32),
                projector,
                p.containsKey("llm_width") ? OptionalInt.of(intValue(p, "llm_width", 0)) : OptionalInt.empty(),
                floats(p, "image_mean", CLIP_MEAN),
                floats(p, "image_std", CLIP_STD));
    }

    /** Patches along one side of the image. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** ViT sequence length: one class token plus one token per patch. */
    public int vitTokens() {
        return gridSize() * gridSize() + 1;
    }

    /** Whether Q-Former layer {@code layer} (from 0) has cross-attention to the image. */
    public boolean hasCrossAttention(int layer) {
        return layer % crossAttentionFreq == 0;
    }

    /** A copy: the array must not be changed through the accessor. */
    @Override
    public float[] imageMean() {
        return imageMean.clone();
    }

    /** A copy: the array must not be changed through the accessor. */
    @Override
    public float[] imageStd() {
        return imageStd.clone();
    }

    private static int intValue(Map<String, Object> p, String key, int fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw invalid(key + " must be an integer, got '" + v + "' (" + v.getClass().getSimpleName() + ")");
    }

    private static double doubleValue(Map<String, Object> p, String key, double fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw invalid(key + " must be a number, got '" + v + "' (" + v.getClass().getSimpleName() + ")");
    }

    private static float[] floats(Map<String, Object> p, String key, float[] fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback.clone();
        }
        if (v instanceof List<?> list && list.stream().allMatch(Number.class::isInstance)) {
            float[] f = new float[list.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = ((Number) list.get(i)).floatValue();
            }
            return f;
        }
        throw invalid(key + " must be a list of 3 numbers (R, G, B), got '" + v + "'");
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw invalid(key + " must be positive, got " + value);
        }
    }

    private static void divides(String headsKey, int heads, String widthKey, int width) {
        positive(widthKey, width);
        positive(headsKey, heads);
        if (width % heads != 0) {
            throw invalid(widthKey + " (" + width + ") must be a multiple of " + headsKey + " (" + heads + ")");
        }
    }

    private static void epsilon(String key, double value) {
        if (!(value > 0 && value < 1)) {
            throw invalid(key + " must be in (0, 1), got " + value);
        }
    }

    private static float[] channels(String key, float[] values, boolean strictlyPositive) {
        if (values == null || values.length != 3) {
            throw invalid(key + " must have 3 values (R, G, B), got " + (values == null ? "none" : Arrays.toString(values)));
        }
        for (float v : values) {
            if (!Float.isFinite(v) || (strictlyPositive && v <= 0)) {
                throw invalid(key + " must hold " + (strictlyPositive ? "positive" : "finite") + " numbers, got "
                        + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("Invalid " + ARCHITECTURE + " hyper-parameters: " + message);
    }
}
