package org.skingpt.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelDescriptorTest {

    @Test
    void nullHyperParametersMeanAbsentAsInHuggingFaceConfigs() {
        Map<String, Object> config = new HashMap<>();
        config.put("hidden_size", 64);
        config.put("pad_token_id", null);
        ModelDescriptor d = new ModelDescriptor("m", "1", ModelKind.LANGUAGE_MODEL, "llama", config, "tokenizer.json",
                List.of(), null, false);
        assertEquals(Map.of("hidden_size", 64), d.hyperParameters());
        assertFalse(d.hyperParameters().containsKey("pad_token_id"));
        assertThrows(UnsupportedOperationException.class, () -> d.hyperParameters().put("x", 1));
        assertEquals("m@1", d.coordinates());
        assertEquals("", d.intendedUse());
    }

    @Test
    void weightChecksumsMustBeSha256Hex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightFile("w.safetensors", "not-a-digest", 10));
        assertTrue(e.getMessage().contains("w.safetensors"), e.getMessage());
        new WeightFile("w.safetensors", "0".repeat(64), 10);
    }
}
