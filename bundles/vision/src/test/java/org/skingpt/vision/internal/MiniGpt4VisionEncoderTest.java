package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void vitMeanIsTheLayerNormedVitOutputAveragedOverItsTokens() {
        RgbImage image = photo(45, 52, 6);
        VisionConfig c = model.config;
        float[] chw = new ImagePreprocessor(c.imageSize(), c.imageMean(), c.imageStd()).toChw(image);
        double[][] x = model.vitEmbed(chw);
        for (int i = 0; i < c.vitBlocksUsed(); i++) {
            x = model.evaBlock(i, x);
        }
        double[][] tokens = Reference.layerNorm(x, model.v("ln_vision.weight"), model.v("ln_vision.bias"), c.lnVisionEps());
        float[] actual = encoder.vitMean(image);
        assertEquals(c.vitWidth(), actual.length, "one value per ViT channel, not per token");
        for (int j = 0; j < actual.length; j++) {
            double expected = 0;
            for (double[] token : tokens) {
                expected += token[j] / tokens.length;
            }
            assertEquals(expected, actual[j], 1e-4 * Math.max(1, Math.abs(expected)), "channel " + j);
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
     * Every array an encode makes lives in a per-call sub-manager of the parameters' manager (and in
     * sub-managers of that, per ViT block and Q-Former layer), closed before the call returns. So
     * after any number of encodes, concurrent ones included, the parameters' manager holds exactly
     * the arrays it held before and no sub-manager: a scope left open would stay attached to it,
     * holding at least the pixels it was given. Native memory over time is the soak's business
     * ({@code VisionMemorySoak}, {@code -Pmemory-soak}).
     */
    @Test
    void encodesLeaveNoArraysAndNoScopesBehind() throws Exception {
        RgbImage image = photo(64, 48, 9);
        try (MiniGpt4VisionEncoder own = MiniGpt4VisionEncoder.load(model.descriptor(), List.of(weightFile), Device.cpu())) {
            NDManager parameters = own.parameters();
            own.encode(image);
            Set<NDArray> arrays = identitySet(parameters.getManagedArrays());
            int children = children(parameters);
            assertEquals(arrays.size(), children, "the parameters' manager holds only arrays between calls");

            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    calls.add(pool.submit(() -> own.encode(image)));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(arrays.size(), parameters.getManagedArrays().size(), "arrays left behind by 200 encodes");
            assertTrue(arrays.equals(identitySet(parameters.getManagedArrays())), "the parameters' arrays were replaced");
            assertEquals(children, children(parameters), "per-call scopes left open by 200 encodes");
            assertTrue(arrays.stream().noneMatch(NDArray::isReleased), "an encode freed a parameter");

            // The same two checks see a scope that is left open with something in it.
            NDManager leaked = parameters.newSubManager();
            leaked.create(new float[] {1, 2});
            assertEquals(children + 1, children(parameters));
            assertEquals(arrays.size() + 1, parameters.getManagedArrays().size());
            leaked.close();
            assertEquals(children, children(parameters));
        }
    }

    private static Set<NDArray> identitySet(List<NDArray> arrays) {
        Set<NDArray> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(arrays);
        return set;
    }

    /**
     * Direct children of a manager (its arrays and open sub-managers). DJL has no getter for the
     * sub-managers; its public description of a manager reports the count.
     */
    static int children(NDManager manager) {
        Matcher m = Pattern.compile("Resource size: (\\d+)").matcher(manager.toString());
        if (!m.find()) {
            throw new IllegalStateException("DJL's description of a manager no longer reports its resources: " + manager);
        }
        return Integer.parseInt(m.group(1));
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
