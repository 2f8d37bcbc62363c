package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisionConfigTest {

    @Test
    void defaultsAreSkinGpt4() {
        VisionConfig c = VisionConfig.fromHyperParameters(Map.of());
        assertEquals(224, c.imageSize());
        assertEquals(14, c.patchSize());
        assertEquals(257, c.vitTokens());
        assertEquals(1408, c.vitWidth());
        assertEquals(39, c.vitDepth());
        assertEquals(39, c.vitBlocksUsed());
        assertEquals(16, c.vitHeads());
        assertEquals(6144, c.vitMlpWidth(), "EVA-g: int(1408 * 4.3637)");
        assertEquals(1e-6, c.layerNormEps());
        assertEquals(1e-5, c.lnVisionEps());
        assertEquals(768, c.qformerWidth());
        assertEquals(12, c.qformerLayers());
        assertEquals(12, c.qformerHeads());
        assertEquals(3072, c.qformerIntermediate());
        assertEquals(1e-12, c.qformerLayerNormEps());
        assertEquals(2, c.crossAttentionFreq());
        assertEquals(32, c.numQueryTokens());
        assertEquals(VisionConfig.Projector.LINEAR, c.projector());
        assertFalse(c.llmWidth().isPresent(), "taken from llama_proj when not stated");
        assertArrayEquals(new float[] {0.48145466f, 0.4578275f, 0.40821073f}, c.imageMean());
        assertArrayEquals(new float[] {0.26862954f, 0.26130258f, 0.27577711f}, c.imageStd());
        assertTrue(c.hasCrossAttention(0) && !c.hasCrossAttention(1) && c.hasCrossAttention(10) && !c.hasCrossAttention(11));
    }

    @Test
    void acceptsJsonStyleValues() {
        // Gson hands every JSON number over as a Double.
        VisionConfig c = VisionConfig.fromHyperParameters(Map.of("image_size", 112.0, "vit_width", 192.0, "vit_heads", 3.0,
                "vit_mlp_ratio", 4.0, "vit_depth", 40.0, "vit_blocks_used", 39.0, "llm_width", 256.0,
                "image_mean", List.of(0.5, 0.5, 0.5), "projector", "mlp2x_gelu"));
        assertEquals(112, c.imageSize());
        assertEquals(768, c.vitMlpWidth());
        assertEquals(39, c.vitBlocksUsed());
        assertEquals(256, c.llmWidth().getAsInt());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, c.imageMean());
        assertEquals(VisionConfig.Projector.MLP2X_GELU, c.projector());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "image_size=-224            | image_size must be positive, got -224",
        "image_size=200             | image_size (200) must be a multiple of patch_size (14)",
        "vit_heads=15               | vit_width (1408) must be a multiple of vit_heads (15)",
        "vit_blocks_used=40         | vit_blocks_used must be between 1 and vit_depth (39), got 40",
        "qformer_heads=0            | qformer_heads must be positive, got 0",
        "vit_width=1408.5           | vit_width must be an integer, got '1408.5'",
        "num_query_tokens=lots      | num_query_tokens must be an integer, got 'lots' (String)",
        "layer_norm_eps=0           | layer_norm_eps must be in (0, 1), got 0.0",
        "projector=conv             | projector must be one of [linear, mlp2x_gelu], got 'conv'",
        "vit_widht=1408             | unknown hyper-parameter(s) [vit_widht]",
        "image_std=grey             | image_std must be a list of 3 numbers (R, G, B), got 'grey'",
    })
    void invalidValuesAreRefusedWithAClearMessage(String assignment, String expectedMessage) {
        String[] kv = assignment.split("=");
        Object value = kv[1].matches("-?[0-9.]+") ? (Object) Double.valueOf(kv[1]) : kv[1];
        Map<String, Object> p = new HashMap<>();
        p.put(kv[0], value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VisionConfig.fromHyperParameters(p));
        assertTrue(e.getMessage().startsWith("Invalid minigpt4-vision hyper-parameters: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedMessage), "got: " + e.getMessage());
    }

    @Test
    void meanAndStdNeedThreeValuesAndStdMustBePositive() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VisionConfig.fromHyperParameters(
                Map.of("image_mean", List.of(0.5, 0.5)))).getMessage().contains("image_mean must have 3 values"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VisionConfig.fromHyperParameters(
                Map.of("image_std", List.of(0.5, 0, 0.5)))).getMessage().contains("image_std must hold positive numbers"));
    }

    @Test
    void mlpWidthAndRatioAreExclusive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VisionConfig.fromHyperParameters(
                Map.of("vit_mlp_width", 6144, "vit_mlp_ratio", 4.3637)));
        assertTrue(e.getMessage().contains("either vit_mlp_width or vit_mlp_ratio"), e.getMessage());
    }

    @Test
    void accessorsReturnCopies() {
        VisionConfig c = VisionConfig.fromHyperParameters(Map.of());
        c.imageMean()[0] = 7;
        assertEquals(0.48145466f, c.imageMean()[0]);
    }
}
