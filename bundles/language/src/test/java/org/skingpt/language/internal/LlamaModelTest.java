package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.nn.Weights;

/** The whole decoder: loading, agreement with the reference, and the KV cache. */
class LlamaModelTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    private static LlamaConfig config(boolean tied, int heads, int kvHeads) {
        return LlamaConfig.fromHyperParameters(TestModels.hyperParameters(48, 16, 40, 2, heads, kvHeads, 64, tied));
    }

    private LlamaModel load(LlamaConfig c, Map<String, float[]> weights, Weights.StoredType type) throws Exception {
        Path file = TestModels.write(dir.resolve("model-" + type + ".safetensors"), c, weights, Map.of(), type);
        return LlamaModel.load(c, Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(file)), DataType.FLOAT32);
    }

    private static void assertRowsClose(double[][] expected, float[] actual, int fromRow) {
        int vocab = expected[0].length;
        double worst = 0;
        for (int r = fromRow; r < expected.length; r++) {
            for (int v = 0; v < vocab; v++) {
                worst = Math.max(worst, Math.abs(expected[r][v] - actual[(r - fromRow) * vocab + v]));
            }
        }
        assertTrue(worst <= TOLERANCE, "max abs logit difference " + worst);
    }

    private static float[] flatten(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < rows[r].length; j++) {
                out[r * rows[r].length + j] = (float) rows[r][j];
            }
        }
        return out;
    }

    /** Runs {@code inputs} rows {@code from..to-1} through the model after what the cache holds. */
    private static float[] run(LlamaModel model, KvCache cache, double[][] inputs, int from, int to, boolean all) {
        float[] flat = flatten(java.util.Arrays.copyOfRange(inputs, from, to));
        NDArray x = cache.manager().create(flat, new Shape(to - from, inputs[0].length));
        try {
            return model.forward(x, cache, all);
        } finally {
            x.close();
        }
    }

    private static double[][] tokens(ReferenceLlama reference, int... ids) {
        double[][] rows = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            rows[i] = reference.embed(ids[i]);
        }
        return rows;
    }

    @Test
    void fullSequenceMatchesReferenceForTiedAndUntiedHeadsAndGroupedQueries() throws Exception {
        for (boolean tied : new boolean[] {true, false}) {
            LlamaConfig c = config(tied, 4, 2);
            Map<String, float[]> w = TestModels.randomWeights(c, 0.2f, tied ? 1 : 2);
            ReferenceLlama reference = new ReferenceLlama(c, w);
            double[][] inputs = tokens(reference, 1, 7, 3, 40, 12, 5);
            try (LlamaModel model = load(c, w, Weights.StoredType.F32); NDManager m = model.manager().newSubManager()) {
                KvCache cache = model.newCache(m);
                cache.reserve(inputs.length);
                assertRowsClose(reference.forward(inputs), run(model, cache, inputs, 0, inputs.length, true), 0);
            }
        }
    }

    @Test
    void tiedAndUntiedHeadsGiveDifferentLogits() throws Exception {
        LlamaConfig untied = config(false, 4, 4);
        Map<String, float[]> w = TestModels.randomWeights(untied, 0.2f, 3);
        LlamaConfig tied = config(true, 4, 4);
        Map<String, float[]> withoutHead = new LinkedHashMap<>(w);
        withoutHead.remove("lm_head.weight");
        double[][] inputs = tokens(new ReferenceLlama(untied, w), 1, 2, 3);
        float[] a;
        float[] b;
        try (LlamaModel model = load(untied, w, Weights.StoredType.F32); NDManager m = model.manager().newSubManager()) {
            KvCache cache = model.newCache(m);
            cache.reserve(3);
            a = run(model, cache, inputs, 0, 3, false);
        }
        try (LlamaModel model = load(tied, withoutHead, Weights.StoredType.F32); NDManager m = model.manager().newSubManager()) {
            KvCache cache = model.newCache(m);
            cache.reserve(3);
            b = run(model, cache, inputs, 0, 3, false);
            assertRowsClose(new double[][] {new ReferenceLlama(tied, withoutHead).forward(inputs)[2]}, b, 0);
        }
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference += Math.abs(a[i] - b[i]);
        }
        assertTrue(difference > 1e-2, "the untied head must be used when present");
    }

    @Test
    void cachedDecodingEqualsRecomputingAcrossTurns() throws Exception {
        LlamaConfig c = config(false, 4, 2);
        Map<String, float[]> w = TestModels.randomWeights(c, 0.2f, 4);
        ReferenceLlama reference = new ReferenceLlama(c, w);
        double[][] inputs = tokens(reference, 1, 9, 17, 3, 22, 30, 8, 14, 2, 44, 6);
        try (LlamaModel model = load(c, w, Weights.StoredType.F32); NDManager m = model.manager().newSubManager()) {
            KvCache full = model.newCache(m);
            full.reserve(inputs.length);
            float[] recomputed = run(model, full, inputs, 0, inputs.length, true);
            int vocab = c.vocabSize();
            double[][] expected = new double[inputs.length][];
            for (int r = 0; r < inputs.length; r++) {
                expected[r] = new double[vocab];
                for (int v = 0; v < vocab; v++) {
                    expected[r][v] = recomputed[r * vocab + v];
                }
            }
            KvCache cache = model.newCache(m);
            // Turn 1: a prompt of 4, then two decoding steps.
            cache.reserve(6);
            assertRowsClose(new double[][] {expected[3]}, run(model, cache, inputs, 0, 4, false), 0);
            assertRowsClose(new double[][] {expected[4]}, run(model, cache, inputs, 4, 5, false), 0);
            assertRowsClose(new double[][] {expected[5]}, run(model, cache, inputs, 5, 6, false), 0);
            // Turn 2: the cache grows (copying what it holds), a multi-token prompt at an offset, then steps.
            cache.reserve(inputs.length);
            assertTrue(cache.capacity() >= inputs.length);
            assertRowsClose(new double[][] {expected[6], expected[7], expected[8]}, run(model, cache, inputs, 6, 9, true), 0);
            assertRowsClose(new double[][] {expected[9]}, run(model, cache, inputs, 9, 10, false), 0);
            assertRowsClose(new double[][] {expected[10]}, run(model, cache, inputs, 10, 11, false), 0);
            assertEquals(inputs.length, cache.length());
            assertRowsClose(reference.forward(inputs), recomputed, 0);
        }
    }

    @Test
    void forwardRefusesWithoutReservedRoom() throws Exception {
        LlamaConfig c = config(true, 2, 2);
        try (LlamaModel model = load(c, TestModels.randomWeights(c, 0.2f, 5), Weights.StoredType.F32);
             NDManager m = model.manager().newSubManager()) {
            KvCache cache = model.newCache(m);
            NDArray x = m.zeros(new Shape(2, c.hiddenSize()));
            assertThrows(IllegalStateException.class, () -> model.forward(x, cache, false));
        }
    }

    @Test
    void halfPrecisionWeightsLoadAndMatchTheirRoundedValues() throws Exception {
        LlamaConfig c = config(false, 4, 2);
        Map<String, float[]> w = TestModels.randomWeights(c, 0.2f, 6);
        Map<String, float[]> rounded = TestModels.roundedToHalf(w);
        ReferenceLlama reference = new ReferenceLlama(c, rounded);
        double[][] inputs = tokens(reference, 1, 5, 9, 13);
        try (LlamaModel model = load(c, w, Weights.StoredType.F16); NDManager m = model.manager().newSubManager()) {
            KvCache cache = model.newCache(m);
            cache.reserve(inputs.length);
            assertRowsClose(reference.forward(inputs), run(model, cache, inputs, 0, inputs.length, true), 0);
        }
    }

    @Test
    void halfPrecisionComputeStaysCloseToFloat32() throws Exception {
        // Meant for GPUs; libtorch also runs it on the CPU, which is enough to check the casts.
        LlamaConfig c = config(false, 4, 2);
        Map<String, float[]> w = TestModels.randomWeights(c, 0.2f, 10);
        ReferenceLlama reference = new ReferenceLlama(c, TestModels.roundedToHalf(w));
        double[][] inputs = tokens(reference, 1, 5, 9, 13);
        Path file = TestModels.write(dir.resolve("half.safetensors"), c, w, Map.of(), Weights.StoredType.F16);
        try (LlamaModel model = LlamaModel.load(c, Weights.open(NDManager.newBaseManager(), DataType.FLOAT16, List.of(file)),
                DataType.FLOAT16); NDManager m = model.manager().newSubManager()) {
            KvCache cache = model.newCache(m);
            cache.reserve(inputs.length);
            float[] got = run(model, cache, inputs, 0, 2, false);
            float[] next = run(model, cache, inputs, 2, 4, true);
            double[][] expected = reference.forward(inputs);
            double worst = 0;
            for (int v = 0; v < c.vocabSize(); v++) {
                worst = Math.max(worst, Math.abs(expected[1][v] - got[v]));
                worst = Math.max(worst, Math.abs(expected[3][v] - next[c.vocabSize() + v]));
            }
            assertTrue(worst < 0.05, "float16 logits off by " + worst);
        }
    }

    @Test
    void computeTypeMustMatchTheWeights() throws Exception {
        LlamaConfig c = config(true, 4, 2);
        Path file = TestModels.write(dir.resolve("m.safetensors"), c, TestModels.randomWeights(c, 0.2f, 12), Map.of(),
                Weights.StoredType.F32);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> LlamaModel.load(c,
                Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(file)), DataType.FLOAT16));
        assertTrue(e.getMessage().contains("float16"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        LlamaConfig c = config(true, 4, 2);
        Map<String, float[]> w = TestModels.randomWeights(c, 0.2f, 7);
        w.remove("model.layers.1.mlp.down_proj.weight");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(c, w, Weights.StoredType.F32));
        assertTrue(e.getMessage().contains("'model.layers.1.mlp.down_proj.weight'"), e.getMessage());
    }

    @Test
    void missingUntiedHeadIsNamedWithTheFix() throws Exception {
        LlamaConfig c = config(false, 4, 2);
        Map<String, float[]> w = TestModels.randomWeights(c, 0.2f, 8);
        w.remove("lm_head.weight");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(c, w, Weights.StoredType.F32));
        assertTrue(e.getMessage().contains("'lm_head.weight'") && e.getMessage().contains("tie_word_embeddings"), e.getMessage());
    }

    @Test
    void wrongShapeIsNamedWithBothShapes() throws Exception {
        LlamaConfig c = config(true, 4, 2);
        Map<String, float[]> w = TestModels.randomWeights(c, 0.2f, 9);
        // Written as if the model had 4 key/value heads: 16 rows instead of 8.
        w.put("model.layers.0.self_attn.k_proj.weight", new float[16 * 16]);
        Path file = TestModels.write(dir.resolve("bad.safetensors"), c, w,
                Map.of("model.layers.0.self_attn.k_proj.weight", new long[] {16, 16}), Weights.StoredType.F32);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> LlamaModel.load(c,
                Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(file)), DataType.FLOAT32));
        assertTrue(e.getMessage().contains("'model.layers.0.self_attn.k_proj.weight'")
                && e.getMessage().contains("[16, 16]") && e.getMessage().contains("[8, 16]"), e.getMessage());
    }
}
