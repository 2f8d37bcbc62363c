package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.nn.Weights;

/**
 * The decoder against the reference implementation: a tiny {@code LlamaForCausalLM} (GQA, untied
 * head) was randomly initialised in Hugging Face transformers 5.17 (PyTorch 2.11, float32) and saved
 * with {@code save_pretrained}; its logits for fixed ids, its logits with five "image" embeddings
 * spliced in, and its greedy continuation were recorded ({@code models/parity/make_golden.py}).
 * The weights and config.json are read exactly as transformers wrote them.
 */
class HuggingFaceParityTest {

    private static Path resource(String name) throws Exception {
        return Path.of(HuggingFaceParityTest.class.getResource("/parity/" + name).toURI());
    }

    @SuppressWarnings("unchecked")
    private static LlamaModel loadModel() throws Exception {
        Map<String, Object> hyper = new Gson().fromJson(Files.readString(resource("llama_tiny_config.json")), Map.class);
        LlamaConfig config = LlamaConfig.fromHyperParameters(hyper);
        Weights weights = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(resource("llama_tiny.safetensors")));
        return LlamaModel.load(config, weights, DataType.FLOAT32);
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double maxError = 0;
        double maxValue = 0;
        for (int i = 0; i < expected.length; i++) {
            maxError = Math.max(maxError, Math.abs(expected[i] - actual[i]));
            maxValue = Math.max(maxValue, Math.abs(expected[i]));
        }
        System.out.println(what + ": max abs error " + maxError + ", max |logit| " + maxValue);
        assertTrue(maxValue > 0.5, what + ": golden values are not trivial");
        assertTrue(maxError <= 1e-4 * Math.max(1, maxValue), what + ": max abs error " + maxError);
    }

    @Test
    void logitsSplicedLogitsAndGreedyTokensMatchTransformers() throws Exception {
        try (LlamaModel model = loadModel();
             Weights golden = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(resource("llama_golden.safetensors")));
             NDManager scope = model.manager().newSubManager()) {
            long[] ids = golden.get("input_ids", 12).toType(DataType.INT64, false).toLongArray();
            int vocab = model.config().vocabSize();

            KvCache cache = model.newCache(scope);
            cache.reserve(ids.length);
            float[] logits = model.forward(model.embed(ids, scope), cache, true);
            assertClose(golden.get("logits", 12, vocab).toFloatArray(), logits, "text logits");

            NDArray image = scope.create(golden.get("image_embeds", 5, 64).toFloatArray(), new Shape(5, 64));
            NDArray spliced = NDArrays.concat(new ai.djl.ndarray.NDList(
                    model.embed(Arrays.copyOfRange(ids, 0, 4), scope), image, model.embed(Arrays.copyOfRange(ids, 4, 12), scope)));
            KvCache splicedCache = model.newCache(scope);
            splicedCache.reserve(17);
            assertClose(golden.get("spliced_logits", 17, vocab).toFloatArray(), model.forward(spliced, splicedCache, true),
                    "logits with spliced image embeddings");

            // Greedy continuation with the KV cache, one token at a time, as generation runs.
            long[] expected = golden.get("greedy_ids", 12).toType(DataType.INT64, false).toLongArray();
            long[] greedy = new long[expected.length];
            float[] last = Arrays.copyOfRange(logits, (ids.length - 1) * vocab, ids.length * vocab);
            cache.reserve(ids.length + expected.length);
            for (int i = 0; i < expected.length; i++) {
                greedy[i] = argmax(last);
                last = model.forward(model.embed(new long[] {greedy[i]}, scope), cache, false);
            }
            assertArrayEquals(expected, greedy);
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
