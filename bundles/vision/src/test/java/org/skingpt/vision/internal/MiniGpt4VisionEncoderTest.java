package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.nn.Weights;

class MiniGpt4VisionEncoderTest {

    @TempDir
    static Path dir;

    private static TinyModel model;
    private static Path weightFile;
    private static MiniGpt4VisionEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModel.standard();
        weightFile = model.write(dir.resolve("tiny.safetensors"));
        encoder = MiniGpt4VisionEncoder.load(model.descriptor(), List.of(weightFile), Device.cpu());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static RgbImage photo(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(width, height, rgb);
    }

    @Test
    void encodesToQueriesTimesLanguageWidthAndMatchesTheReference() {
        RgbImage image = photo(61, 37, 1);
        ImageEmbedding embedding = encoder.encode(image);
        assertEquals(4, embedding.tokens());
        assertEquals(10, embedding.width());
        assertEquals(4, encoder.outputTokens());
        assertEquals(10, encoder.outputWidth());
        assertEquals(42, encoder.imageSize());

        VisionConfig c = model.config;
        float[] chw = new ImagePreprocessor(c.imageSize(), c.imageMean(), c.imageStd()).toChw(image);
        float[] expected = Reference.flat(model.encode(chw));
        float[] actual = embedding.toArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void isDeterministicAndDependsOnTheImage() {
        RgbImage image = photo(50, 50, 2);
        float[] first = encoder.encode(image).toArray();
        assertArrayEquals(first, encoder.encode(image).toArray(), 0f);
        assertNotEquals(first[0], encoder.encode(photo(50, 50, 3)).toArray()[0]);
    }

    @Test
    void concurrentEncodesGiveTheSameResultsAsSequentialOnes() throws Exception {
        RgbImage a = photo(80, 60, 4);
        RgbImage b = photo(30, 90, 5);
        float[] expectedA = encoder.encode(a).toArray();
        float[] expectedB = encoder.encode(b).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Callable<float[]> taskA = () -> encoder.encode(a).toArray();
                Callable<float[]> taskB = () -> encoder.encode(b).toArray();
                Future<float[]> fa = pool.submit(taskA);
                Future<float[]> fb = pool.submit(taskB);
                assertArrayEquals(expectedA, fa.get(), 0f);
                assertArrayEquals(expectedB, fb.get(), 0f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void f16StoredWeightsLoadAndAgreeWithinHalfPrecision() throws Exception {
        Path f16 = model.write(dir.resolve("tiny-f16.safetensors"), Weights.StoredType.F16, name -> true, Map.of());
        assertTrue(Files.size(f16) < Files.size(weightFile) * 0.6, "F16 file should be about half the size");
        RgbImage image = photo(42, 42, 6);
        float[] full = encoder.encode(image).toArray();
        try (MiniGpt4VisionEncoder half = MiniGpt4VisionEncoder.load(model.descriptor(), List.of(f16), Device.cpu())) {
            float[] got = half.encode(image).toArray();
            for (int i = 0; i < full.length; i++) {
                assertEquals(full[i], got[i], 2e-2 * Math.max(1, Math.abs(full[i])), "element " + i);
            }
        }
    }

    @Test
    void weightsSplitOverSeveralFilesLoad() throws Exception {
        Path vit = model.write(dir.resolve("vit.safetensors"), Weights.StoredType.F32, n -> n.startsWith("visual_encoder."), Map.of());
        Path rest = model.write(dir.resolve("rest.safetensors"), Weights.StoredType.F32, n -> !n.startsWith("visual_encoder."), Map.of());
        RgbImage image = photo(42, 42, 7);
        try (MiniGpt4VisionEncoder split = MiniGpt4VisionEncoder.load(model.descriptor(), List.of(vit, rest), Device.cpu())) {
            assertArrayEquals(encoder.encode(image).toArray(), split.encode(image).toArray(), 0f);
        }
    }

    private static ModelLoadException loadFailure(Path file, Map<String, Object> hyperParameters) {
        return assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(hyperParameters), List.of(file), Device.cpu()).close());
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        String missing = "Qformer.bert.encoder.layer.0.crossattention.self.key.weight";
        Path file = model.write(dir.resolve("missing.safetensors"), Weights.StoredType.F32, n -> !n.equals(missing), Map.of());
        ModelLoadException e = loadFailure(file, TinyModel.HYPER_PARAMETERS);
        assertTrue(e.getMessage().contains("'" + missing + "'") && e.getMessage().startsWith("tiny-vision@0.0.1: "), e.getMessage());
    }

    @Test
    void misShapedTensorIsNamed() throws Exception {
        String name = "visual_encoder.blocks.1.mlp.fc1.weight";
        Path file = model.write(dir.resolve("shape.safetensors"), Weights.StoredType.F32, n -> true, Map.of(name, new long[] {16, 24}));
        ModelLoadException e = loadFailure(file, TinyModel.HYPER_PARAMETERS);
        assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("[16, 24]"), e.getMessage());
    }

    @Test
    void stated_llmWidthMustMatchTheProjector() {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("llm_width", 5120);
        ModelLoadException e = loadFailure(weightFile, hp);
        assertTrue(e.getMessage().contains("'llama_proj.weight'") && e.getMessage().contains("[5120, 12]"), e.getMessage());
    }

    @Test
    void unstatedLlmWidthIsReadFromTheProjector() {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.remove("llm_width");
        try (MiniGpt4VisionEncoder e = MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(weightFile), Device.cpu())) {
            assertEquals(10, e.outputWidth());
        }
    }

    @Test
    void vitDepthIsCheckedAgainstTheWeights() {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("vit_depth", 4);
        ModelLoadException e = loadFailure(weightFile, hp);
        assertTrue(e.getMessage().contains("'visual_encoder.blocks.3.attn.qkv.weight'") && e.getMessage().contains("vit_depth"),
                e.getMessage());
    }

    @Test
    void usingFewerBlocksChangesTheOutput() {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("vit_blocks_used", 3);
        RgbImage image = photo(42, 42, 8);
        try (MiniGpt4VisionEncoder all = MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(weightFile), Device.cpu())) {
            assertNotEquals(encoder.encode(image).toArray()[0], all.encode(image).toArray()[0]);
        }
    }

    @Test
    void invalidConfigurationFailsAsModelLoadException() {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("qformer_heads", 5);
        ModelLoadException e = loadFailure(weightFile, hp);
        assertTrue(e.getMessage().contains("qformer_width (12) must be a multiple of qformer_heads (5)"), e.getMessage());
    }

    @Test
    void otherArchitecturesAreRefused() {
        ModelDescriptor llama = new ModelDescriptor("x", "1", model.descriptor().kind(), "llama", Map.of(), null, List.of(), "", true);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.load(llama, List.of(weightFile), Device.cpu()));
        assertTrue(e.getMessage().contains("architecture 'llama' is not minigpt4-vision"), e.getMessage());
    }

    @Test
    void widthCompatibilityCheckNamesBothModels() {
        MiniGpt4VisionEncoder.requireCompatible(encoder, 10, "tiny-llm@1");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.requireCompatible(encoder, 5120, "llama-2-13b@1"));
        assertTrue(e.getMessage().contains("tiny-vision@0.0.1") && e.getMessage().contains("10-wide")
                && e.getMessage().contains("llama-2-13b@1") && e.getMessage().contains("5120"), e.getMessage());
    }

    /**
     * Deterministic: every array an encode creates lives in a per-call scope closed before it returns, so
     * the model's manager holds exactly its parameters, however many encodes ran. (Process memory over
     * many encodes is measured by the soak in its own JVM: benchmark/memory-soak.sh.)
     */
    @Test
    void encodesLeaveNoArraysAndNoOpenScopesBehind() throws Exception {
        RgbImage image = photo(64, 48, 9);
        try (MiniGpt4VisionEncoder own = MiniGpt4VisionEncoder.load(model.descriptor(), List.of(weightFile), Device.cpu())) {
            NDManager parameters = parametersOf(own);
            int arrays = parameters.getManagedArrays().size();
            int resources = resourceCount(parameters);
            for (int i = 0; i < 200; i++) {
                own.encode(image);
            }
            assertEquals(arrays, parameters.getManagedArrays().size(), "arrays left behind in the parameters' manager");
            assertEquals(resources, resourceCount(parameters), "per-call scopes left open");
            // The same two counts see a scope left open and an array left in it (they can fail).
            NDManager forgotten = parameters.newSubManager();
            forgotten.create(new float[] {1f});
            assertEquals(arrays + 1, parameters.getManagedArrays().size());
            assertEquals(resources + 1, resourceCount(parameters));
            forgotten.close();
        }
    }

    private static NDManager parametersOf(MiniGpt4VisionEncoder e) throws Exception {
        Field f = MiniGpt4VisionEncoder.class.getDeclaredField("parameters");
        f.setAccessible(true);
        return (NDManager) f.get(e);
    }

    /** Arrays and sub-managers a manager holds; DJL keeps them in a protected map. */
    private static int resourceCount(NDManager manager) throws Exception {
        Field f = BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(manager)).size();
    }

    @Test
    void embeddingIsACopy() {
        ImageEmbedding e = encoder.encode(photo(42, 42, 10));
        float[] values = e.toArray();
        values[0] += 1;
        assertNotEquals(values[0], e.toArray()[0]);
        assertSame(FloatImageEmbedding.class, e.getClass());
    }
}
