package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skingpt.nn.Weights;

/**
 * The Java CPU decoder against the same Hugging Face transformers recording as
 * {@link HuggingFaceParityTest} (logits of every position, with image embeddings spliced in, and the
 * greedy continuation through the cache), and against the libtorch decoder on the same weights; and
 * the promise batching rests on: a sequence decoded in a batch gets exactly the logits it gets alone.
 */
class CpuLlamaParityTest {

    private static Path resource(String name) throws Exception {
        return Path.of(CpuLlamaParityTest.class.getResource("/parity/" + name).toURI());
    }

    @SuppressWarnings("unchecked")
    private static LlamaModel loadModel() throws Exception {
        Map<String, Object> hyper = new Gson().fromJson(Files.readString(resource("llama_tiny_config.json")), Map.class);
        LlamaConfig config = LlamaConfig.fromHyperParameters(hyper);
        Weights weights = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(resource("llama_tiny.safetensors")));
        return LlamaModel.load(config, weights, DataType.FLOAT32);
    }

    private static double maxError(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double maxValue = 0;
        for (float v : expected) {
            maxValue = Math.max(maxValue, Math.abs(v));
        }
        double error = maxError(expected, actual);
        System.out.println("java decoder, " + what + ": max abs error " + error + ", max |logit| " + maxValue);
        assertTrue(maxValue > 0.5, what + ": golden values are not trivial");
        assertTrue(error <= 1e-4 * Math.max(1, maxValue), what + ": max abs error " + error);
    }

    /** Every position's logits of {@code inputs} run as one prompt from an empty cache, flattened. */
    private static float[] allLogits(CpuLlama cpu, float[][] inputs, CpuKvCache cache) {
        List<CpuLlama.Row> rows = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            rows.add(new CpuLlama.Row(inputs[i], cache, cache.length() + i));
        }
        boolean[] want = new boolean[inputs.length];
        Arrays.fill(want, true);
        float[][] logits = cpu.forward(rows, want);
        int vocab = cpu.config().vocabSize();
        float[] flat = new float[inputs.length * vocab];
        for (int i = 0; i < inputs.length; i++) {
            System.arraycopy(logits[i], 0, flat, i * vocab, vocab);
        }
        return flat;
    }

    private static float[][] embeddings(CpuLlama cpu, long[] ids) {
        float[][] rows = new float[ids.length][cpu.config().hiddenSize()];
        for (int i = 0; i < ids.length; i++) {
            cpu.embed(ids[i], rows[i]);
        }
        return rows;
    }

    private static CpuKvCache cache(CpuLlama cpu, int positions) {
        LlamaConfig c = cpu.config();
        CpuKvCache cache = new CpuKvCache(c.numHiddenLayers(), c.numKeyValueHeads(), c.headDim(), c.contextLength());
        cache.reserve(positions);
        return cache;
    }

    @Test
    void logitsSplicedLogitsAndGreedyTokensMatchTransformers() throws Exception {
        for (int threads : new int[] {1, 2}) {
            CpuLlama cpu;
            try (LlamaModel model = loadModel()) {
                cpu = CpuLlama.of(model.config(), model.copyToHeap(), threads);
            }
            try (Weights golden = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(resource("llama_golden.safetensors")))) {
                long[] ids = golden.get("input_ids", 12).toType(DataType.INT64, false).toLongArray();
                int vocab = cpu.config().vocabSize();
                int d = cpu.config().hiddenSize();

                CpuKvCache cache = cache(cpu, ids.length);
                float[] logits = allLogits(cpu, embeddings(cpu, ids), cache);
                assertClose(golden.get("logits", 12, vocab).toFloatArray(), logits, threads + " thread(s), text logits");

                float[] image = golden.get("image_embeds", 5, 64).toFloatArray();
                float[][] spliced = new float[17][];
                float[][] text = embeddings(cpu, ids);
                for (int i = 0; i < 17; i++) {
                    spliced[i] = i < 4 ? text[i] : i < 9 ? Arrays.copyOfRange(image, (i - 4) * d, (i - 3) * d) : text[i - 5];
                }
                assertClose(golden.get("spliced_logits", 17, vocab).toFloatArray(), allLogits(cpu, spliced, cache(cpu, 17)),
                        threads + " thread(s), logits with spliced image embeddings");

                long[] expected = golden.get("greedy_ids", 12).toType(DataType.INT64, false).toLongArray();
                long[] greedy = new long[expected.length];
                float[] last = Arrays.copyOfRange(logits, (ids.length - 1) * vocab, ids.length * vocab);
                cache.reserve(ids.length + expected.length);
                for (int i = 0; i < expected.length; i++) {
                    greedy[i] = argmax(last);
                    float[] input = new float[d];
                    cpu.embed(greedy[i], input);
                    last = cpu.forward(List.of(new CpuLlama.Row(input, cache, cache.length())), new boolean[] {true})[0];
                }
                assertArrayEquals(expected, greedy, threads + " thread(s), greedy continuation");
            } finally {
                cpu.close();
            }
        }
    }

    /**
     * Sequences of different lengths decoded together, step by step, against each decoded alone: the
     * logits are identical to the bit, whatever the batch and the thread count. Two, three, five and
     * seven sequences take every path of the batched products (a pass of four, the last ones padded
     * into a pass of four, one alone); contexts from 3 to 123 positions take every path of the
     * attention scores (64 positions in registers, 16, the scalar tail).
     */
    /**
     * A look-ahead's positions, rewound, leave no trace: stepping the same tokens again gives the same logits, and
     * other tokens the logits a session that never looked ahead gets (both decoders; 70 positions cross a tile).
     */
    @Test
    void aRewoundSessionDecodesAsIfItHadNeverLookedAhead() throws Exception {
        try (LlamaModel model = loadModel();
             DjlDecoder djl = new DjlDecoder(model);
             CpuDecoder cpu = new CpuDecoder(CpuLlama.of(model.config(), model.copyToHeap(), 1), 1, "tiny")) {
            for (Decoder decoder : List.of(djl, cpu)) {
                int vocab = decoder.config().vocabSize();
                long[] prompt = new long[60];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = (11L * i + 3) % vocab;
                }
                try (Decoder.Session looked = decoder.open(); Decoder.Session straight = decoder.open()) {
                    looked.reserve(80);
                    straight.reserve(80);
                    looked.prefill(List.of(new PromptSegment(prompt)));
                    straight.prefill(List.of(new PromptSegment(prompt)));
                    float[][] ahead = new float[10][];
                    for (int i = 0; i < 10; i++) {
                        ahead[i] = looked.step((5L * i + 1) % vocab);
                    }
                    looked.rewind(prompt.length);
                    assertEquals(prompt.length, looked.length());
                    assertArrayEquals(ahead[0], looked.step(1), decoder.describe() + ": the same token again");
                    looked.rewind(prompt.length);
                    for (int i = 0; i < 10; i++) {
                        long other = (7L * i + 2) % vocab;
                        assertArrayEquals(straight.step(other), looked.step(other), decoder.describe() + ", step " + i);
                    }
                    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                            () -> looked.rewind(looked.length() + 1));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} sequences")
    @ValueSource(ints = {2, 3, 5, 7})
    void aSequenceDecodedInABatchGetsExactlyTheLogitsItGetsAlone(int sequences) throws Exception {
        CpuLlama single;
        CpuLlama batched;
        try (LlamaModel model = loadModel()) {
            single = CpuLlama.of(model.config(), model.copyToHeap(), 1);
            batched = CpuLlama.of(model.config(), model.copyToHeap(), 2);
        }
        try {
            int steps = 6;
            CpuKvCache[] alone = new CpuKvCache[sequences];
            CpuKvCache[] together = new CpuKvCache[sequences];
            long[][] prompts = new long[sequences][];
            for (int s = 0; s < sequences; s++) {
                prompts[s] = new long[3 + 19 * s];
                for (int i = 0; i < prompts[s].length; i++) {
                    prompts[s][i] = (7L * s + 11L * i + 1) % single.config().vocabSize();
                }
                alone[s] = cache(single, prompts[s].length + steps);
                together[s] = cache(batched, prompts[s].length + steps);
                allLogits(single, embeddings(single, prompts[s]), alone[s]);
                allLogits(batched, embeddings(batched, prompts[s]), together[s]);
            }
            for (int step = 0; step < steps; step++) {
                List<CpuLlama.Row> rows = new ArrayList<>();
                float[][] expected = new float[sequences][];
                for (int s = 0; s < sequences; s++) {
                    long token = (13L * step + 5L * s + 2) % single.config().vocabSize();
                    float[] input = new float[single.config().hiddenSize()];
                    single.embed(token, input);
                    expected[s] = single.forward(List.of(new CpuLlama.Row(input, alone[s], alone[s].length())),
                            new boolean[] {true})[0];
                    rows.add(new CpuLlama.Row(input.clone(), together[s], together[s].length()));
                }
                boolean[] want = new boolean[sequences];
                Arrays.fill(want, true);
                float[][] actual = batched.forward(rows, want);
                for (int s = 0; s < sequences; s++) {
                    assertArrayEquals(expected[s], actual[s], "step " + step + ", sequence " + s);
                }
            }
        } finally {
            single.close();
            batched.close();
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
