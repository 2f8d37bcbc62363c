package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.nn.Weights;

/**
 * The encoder against the reference implementation: a tiny BLIP-2 vision tower, Q-Former and
 * projection were randomly initialised in Hugging Face transformers 5.17 (PyTorch 2.11, float32),
 * renamed to the LAVIS names by {@code models/parity/hf_to_lavis.py}, and their outputs for fixed
 * pixels recorded ({@code models/parity/make_golden.py}). The Java encoder must reproduce them.
 */
class HuggingFaceParityTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(HuggingFaceParityTest.class.getResource("/parity/" + name).toURI());
    }

    @Test
    void projectedQueryTokensMatchTransformers() throws Exception {
        Map<String, Object> hyper = Map.ofEntries(
                Map.entry("image_size", 28), Map.entry("patch_size", 14),
                Map.entry("vit_width", 32), Map.entry("vit_depth", 2), Map.entry("vit_heads", 4),
                Map.entry("vit_mlp_width", 80), Map.entry("layer_norm_eps", 1e-6), Map.entry("ln_vision_eps", 1e-6),
                Map.entry("qformer_width", 48), Map.entry("qformer_layers", 3), Map.entry("qformer_heads", 4),
                Map.entry("qformer_intermediate", 96), Map.entry("qformer_layer_norm_eps", 1e-12),
                Map.entry("cross_attention_freq", 2), Map.entry("num_query_tokens", 4),
                Map.entry("projector", "linear"), Map.entry("llm_width", 64));
        assertMatchesGolden(hyper);
    }

    /**
     * The hyper-parameters {@code models/convert/convert_skingpt4.py} derives from these tensors
     * (its {@code vision_hyper_parameters}, recorded in {@code converter_model.json}) are accepted and
     * give the same encoder. Only {@code ln_vision_eps} is changed: LAVIS's ln_vision uses 1e-5,
     * Hugging Face's post_layernorm (which made the golden values) 1e-6.
     */
    @Test
    @SuppressWarnings("unchecked")
    void converterHyperParametersLoadTheSameEncoder() throws Exception {
        Map<String, Object> fragment = new com.google.gson.Gson().fromJson(
                java.nio.file.Files.readString(resource("converter_model.json")), Map.class);
        Map<String, Object> hyper = new java.util.HashMap<>((Map<String, Object>) fragment.get("hyperParameters"));
        assertEquals(1e-5, ((Number) hyper.get("ln_vision_eps")).doubleValue());
        hyper.put("ln_vision_eps", 1e-6);
        assertMatchesGolden(hyper);
    }

    private static void assertMatchesGolden(Map<String, Object> hyper) throws Exception {
        ModelDescriptor descriptor = new ModelDescriptor("hf-parity-vision", "1", ModelKind.IMAGE_ENCODER,
                VisionConfig.ARCHITECTURE, hyper, null, List.of(), "test", true);
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(descriptor,
                    List.of(resource("blip2_tiny_lavis.safetensors")), Device.cpu());
             Weights golden = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32,
                    List.of(resource("blip2_golden.safetensors")))) {
            float[] pixels = golden.get("pixel_values", 1, 3, 28, 28).toFloatArray();
            float[] expected = golden.get("projected", 4, 64).toFloatArray();
            float[] actual = encoder.encodeNormalized(pixels);
            assertEquals(expected.length, actual.length);
            double maxError = 0;
            double maxValue = 0;
            for (int i = 0; i < expected.length; i++) {
                maxError = Math.max(maxError, Math.abs(expected[i] - actual[i]));
                maxValue = Math.max(maxValue, Math.abs(expected[i]));
            }
            assertTrue(maxValue > 0.1, "golden values are not trivial");
            System.out.println("max abs error " + maxError + ", max |value| " + maxValue);
            assertTrue(maxError <= 1e-4 * Math.max(1, maxValue), "max abs error " + maxError + " (max |value| " + maxValue + ")");
        }
    }
}
