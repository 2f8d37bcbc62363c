package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelLoadException;

class ModelLoaderTest {

    static final byte[] WEIGHTS = "weights of a fake model".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    private final ArchitectureFactories factories = new ArchitectureFactories();
    private final ModelLoader loader = new ModelLoader(factories, () -> "cpu");

    static String sha(byte[] data) {
        try {
            return WeightInstaller.sha256(new ByteArrayInputStream(data), OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encoderJson(String architecture, String sha) {
        return "{\"name\":\"enc\",\"version\":\"1.0.0\",\"kind\":\"IMAGE_ENCODER\",\"architecture\":\"" + architecture
                + "\",\"weights\":[{\"path\":\"weights/enc.safetensors\",\"sha256\":\"" + sha + "\"}],\"synthetic\":true}";
    }

    static String languageJson(String architecture, String sha) {
        return "{\"name\":\"lm\",\"version\":\"1.0.0\",\"kind\":\"LANGUAGE_MODEL\",\"architecture\":\"" + architecture
                + "\",\"tokenizer\":\"tokenizer.json\",\"weights\":[{\"path\":\"weights/lm.safetensors\",\"sha256\":\"" + sha
                + "\"}],\"synthetic\":true}";
    }

    private static ModelLoader.Content content(String header, Map<String, byte[]> entries) {
        return new ModelLoader.Content() {
            @Override
            public String header() {
                return header;
            }

            @Override
            public InputStream open(String path) {
                byte[] b = entries.get(path);
                return b == null ? null : new ByteArrayInputStream(b);
            }
        };
    }

    private static Map<String, byte[]> encoderBundle(String json) {
        Map<String, byte[]> m = new HashMap<>();
        m.put("model/model.json", json.getBytes(StandardCharsets.UTF_8));
        m.put("model/weights/enc.safetensors", WEIGHTS);
        return m;
    }

    private ModelFailure failureOf(Runnable r) {
        ModelFailureException e = assertThrows(ModelFailureException.class, r::run);
        return e.failure();
    }

    @Test
    void readsInstallsAndBuildsThroughTheNewestFactory() throws Exception {
        FakeModels.EncoderFactory old = new FakeModels.EncoderFactory("vit", "old");
        FakeModels.EncoderFactory next = new FakeModels.EncoderFactory("vit", "new");
        factories.addEncoderFactory(old);
        factories.addEncoderFactory(next);
        ModelLoader.Content bundle = content("model/model.json", encoderBundle(encoderJson("vit", sha(WEIGHTS))));
        ModelDescriptor d = ModelLoader.descriptor(bundle, "b 1.0.0");
        ModelLoader.Installed files = ModelLoader.install(bundle, "b 1.0.0", d, folder);
        assertEquals(sha(WEIGHTS), files.sha256());
        assertTrue(Files.isRegularFile(folder.resolve("weights/enc.safetensors")));
        ModelLoader.Built built = loader.build(d, files);
        assertSame(next, built.factory());
        assertSame(next.built.get(0), built.model());
        assertEquals(1, next.built.get(0).encodes.get(), "warmed up");
    }

    @Test
    void everyFailureHasItsKind() {
        assertEquals(ModelFailure.INVALID_DESCRIPTOR, failureOf(() -> ModelLoader.descriptor(content(null, Map.of()), "b")));
        assertEquals(ModelFailure.INVALID_DESCRIPTOR,
                failureOf(() -> ModelLoader.descriptor(content("model/model.json", Map.of()), "b")));
        assertEquals(ModelFailure.INVALID_DESCRIPTOR, failureOf(() -> ModelLoader.descriptor(
                content("model/model.json", encoderBundle("{\"name\":\"enc\"}")), "b")));

        ModelLoader.Content tampered = content("model/model.json", encoderBundle(encoderJson("vit", sha(new byte[1]))));
        ModelDescriptor d = ModelLoader.descriptor(tampered, "b");
        assertEquals(ModelFailure.CHECKSUM_MISMATCH, failureOf(() -> ModelLoader.install(tampered, "b", d, folder)));

        Map<String, byte[]> noWeights = encoderBundle(encoderJson("vit", sha(WEIGHTS)));
        noWeights.remove("model/weights/enc.safetensors");
        assertEquals(ModelFailure.MISSING_FILE, failureOf(() -> ModelLoader.install(content("model/model.json", noWeights), "b", d,
                folder)));

        Map<String, byte[]> lm = new HashMap<>();
        lm.put("model.json", languageJson("llama", sha(WEIGHTS)).getBytes(StandardCharsets.UTF_8));
        lm.put("weights/lm.safetensors", WEIGHTS);
        ModelLoader.Content noTokenizer = content("model.json", lm);
        ModelDescriptor lmd = ModelLoader.descriptor(noTokenizer, "b");
        assertEquals(ModelFailure.MISSING_FILE, failureOf(() -> ModelLoader.install(noTokenizer, "b", lmd, folder)));
    }

    @Test
    void noFactoryForTheArchitectureIsNoArchitectureWithThePlainMessage() {
        factories.addEncoderFactory(new FakeModels.EncoderFactory("vit", "f"));
        ModelLoader.Content bundle = content("model/model.json", encoderBundle(encoderJson("mamba", sha(WEIGHTS))));
        ModelDescriptor d = ModelLoader.descriptor(bundle, "b");
        ModelLoader.Installed files = ModelLoader.install(bundle, "b", d, folder);
        ModelFailureException e = assertThrows(ModelFailureException.class, () -> loader.build(d, files));
        assertEquals(ModelFailure.NO_ARCHITECTURE, e.failure());
        assertEquals("no bundle provides architecture mamba", e.getMessage());
    }

    @Test
    void aFactoryThatRefusesOrAWarmUpThatFailsIsALoadError() {
        FakeModels.EncoderFactory f = new FakeModels.EncoderFactory("vit", "f");
        factories.addEncoderFactory(f);
        ModelLoader.Content bundle = content("model/model.json", encoderBundle(encoderJson("vit", sha(WEIGHTS))));
        ModelDescriptor d = ModelLoader.descriptor(bundle, "b");
        ModelLoader.Installed files = ModelLoader.install(bundle, "b", d, folder);
        f.failure = new ModelLoadException("tensor blocks.0.attn has shape [3] but [4] was expected");
        ModelFailureException e = assertThrows(ModelFailureException.class, () -> loader.build(d, files));
        assertEquals(ModelFailure.LOAD_ERROR, e.failure());
        assertEquals("tensor blocks.0.attn has shape [3] but [4] was expected", e.getMessage());
    }
}
