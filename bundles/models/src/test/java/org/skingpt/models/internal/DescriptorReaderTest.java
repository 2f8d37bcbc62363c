package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelLoadException;

class DescriptorReaderTest {

    private static final String SHA = "ab".repeat(32);

    private static ModelDescriptor read(String json) {
        return DescriptorReader.read(json.getBytes(StandardCharsets.UTF_8), "test.jar model.json");
    }

    private static String refused(String json) {
        return assertThrows(ModelLoadException.class, () -> read(json)).getMessage();
    }

    @Test
    void readsACompleteDescriptor() {
        ModelDescriptor d = read("""
                {"name": "skingpt-demo-llm", "version": "1.2.0", "kind": "language_model", "architecture": "llama",
                 "hyperParameters": {"hidden_size": 256, "pad_token_id": null, "rope_parameters": {"rope_theta": 10000}},
                 "tokenizer": "tokenizer.json",
                 "weights": [{"path": "weights/a.safetensors", "sha256": "%s", "bytes": 12},
                             {"path": "/srv/models/b.safetensors", "sha256": "%s"}],
                 "intendedUse": "Demo only.", "synthetic": true}
                """.formatted(SHA.toUpperCase(), SHA));
        assertEquals("skingpt-demo-llm@1.2.0", d.coordinates());
        assertEquals(ModelKind.LANGUAGE_MODEL, d.kind());
        assertEquals(256.0, ((Number) d.hyperParameters().get("hidden_size")).doubleValue());
        assertTrue(!d.hyperParameters().containsKey("pad_token_id"));
        assertEquals(2, d.weights().size());
        assertEquals(SHA, d.weights().get(0).sha256());
        assertEquals(12, d.weights().get(0).bytes());
        assertEquals(-1, d.weights().get(1).bytes());
        assertTrue(d.synthetic());
    }

    @Test
    void refusesWhatAnAdminMustFixNamingTheField() {
        String weights = "\"weights\": [{\"path\": \"w.safetensors\", \"sha256\": \"" + SHA + "\"}]";
        assertTrue(refused("not json").contains("not valid JSON"));
        assertTrue(refused("[1, 2]").contains("JSON object"));
        assertTrue(refused("{\"version\": \"1\", \"kind\": \"IMAGE_ENCODER\", \"architecture\": \"x\", " + weights + "}")
                .contains("'name' is missing"));
        assertTrue(refused("{\"name\": \"m\", \"version\": \"1\", \"kind\": \"DECODER\", \"architecture\": \"x\", " + weights + "}")
                .contains("kind 'DECODER'"));
        assertTrue(refused("{\"name\": \"m\", \"version\": \"1\", \"kind\": \"LANGUAGE_MODEL\", \"architecture\": \"llama\", "
                + weights + "}").contains("tokenizer"));
        assertTrue(refused("{\"name\": \"m\", \"version\": \"1\", \"kind\": \"IMAGE_ENCODER\", \"architecture\": \"x\", \"weights\": []}")
                .contains("at least one weight file"));
        assertTrue(refused("{\"name\": \"m\", \"version\": \"1\", \"kind\": \"IMAGE_ENCODER\", \"architecture\": \"x\", "
                + "\"weights\": [{\"path\": \"w\", \"sha256\": \"xyz\"}]}").contains("weights[0]: sha256"));
        assertTrue(refused("{\"name\": \"m\", \"version\": \"1\", \"kind\": \"IMAGE_ENCODER\", \"architecture\": \"x\", "
                + "\"weights\": [{\"path\": \"../../etc/passwd\", \"sha256\": \"" + SHA + "\"}]}").contains("inside the model bundle"));
        assertTrue(refused("{\"name\": \"../evil\", \"version\": \"1\", \"kind\": \"IMAGE_ENCODER\", \"architecture\": \"x\", " + weights + "}")
                .contains("name '../evil'"));
    }
}
