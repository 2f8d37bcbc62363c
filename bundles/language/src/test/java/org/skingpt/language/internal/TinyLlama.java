package org.skingpt.language.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.nn.Weights;

/**
 * A complete tiny language model on disk (safetensors, tokenizer.json, descriptor), plus a second,
 * independent copy of the decoder for computing expected answers the slow way.
 */
final class TinyLlama implements AutoCloseable {

    final Path weights;
    final Path tokenizerFile;
    final ModelDescriptor descriptor;
    final LlamaConfig config;
    final LlamaModel reference;
    final LlamaTokenizer tokenizer;

    /**
     * @param std         standard deviation of the random matrices; small values with an untied head
     *                    give nearly uniform next-token distributions (high entropy)
     * @param positions   context length
     * @param extraParams hyper-parameters to add or override
     */
    TinyLlama(Path dir, float std, int positions, Map<String, Object> extraParams) throws IOException {
        tokenizerFile = dir.resolve("tokenizer.json");
        int vocab = TestModels.writeTokenizer(tokenizerFile).size();
        Map<String, Object> hyper = new java.util.LinkedHashMap<>(
                TestModels.hyperParameters(vocab, 32, 64, 2, 4, 2, positions, false));
        hyper.putAll(extraParams);
        config = LlamaConfig.fromHyperParameters(hyper);
        weights = TestModels.write(dir.resolve("model.safetensors"), config, TestModels.randomWeights(config, std, 11),
                Map.of(), Weights.StoredType.F32);
        descriptor = new ModelDescriptor("tiny-llama", "1.0.0", ModelKind.LANGUAGE_MODEL, "llama", hyper, "tokenizer.json",
                List.of(), "tests only", true);
        reference = LlamaModel.load(config, Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(weights)),
                DataType.FLOAT32);
        tokenizer = LlamaTokenizer.load(tokenizerFile);
    }

    /**
     * Loads the model the way production code does, through libtorch, or with the Java decoder (batching
     * up to 16 conversations, two threads) when the system property {@code skingpt.test.decoder} is
     * {@code java}: the build runs the conversation tests once on each path.
     */
    LlamaLanguageModel load() {
        if ("java".equals(System.getProperty("skingpt.test.decoder"))) {
            return LlamaLanguageModel.load(descriptor, List.of(weights), tokenizerFile, Device.cpu(), DataType.FLOAT32,
                    DecodeOptions.java(16, 2), 1);
        }
        return LlamaLanguageModel.load(descriptor, List.of(weights), tokenizerFile, Device.cpu());
    }

    /** Embedding rows of tokens, from the reference copy. */
    float[][] embed(long... ids) {
        try (NDManager m = reference.manager().newSubManager()) {
            NDArray rows = reference.embed(ids, m);
            float[] flat = rows.toFloatArray();
            float[][] out = new float[ids.length][];
            int d = config.hiddenSize();
            for (int i = 0; i < ids.length; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
            }
            return out;
        }
    }

    /** Logits after the whole sequence, computed from scratch with a fresh cache. */
    float[] lastLogits(List<float[]> sequence) {
        try (NDManager m = reference.manager().newSubManager()) {
            KvCache cache = reference.newCache(m);
            cache.reserve(sequence.size());
            float[] flat = new float[sequence.size() * config.hiddenSize()];
            for (int i = 0; i < sequence.size(); i++) {
                System.arraycopy(sequence.get(i), 0, flat, i * config.hiddenSize(), config.hiddenSize());
            }
            return reference.forward(m.create(flat, new Shape(sequence.size(), config.hiddenSize())), cache, false);
        }
    }

    /**
     * Greedy decoding by recomputing the whole sequence for every token (no cache reuse).
     * Appends the generated tokens' embeddings to {@code sequence}.
     */
    List<Long> greedyByRecomputing(List<float[]> sequence, int tokens) {
        List<Long> out = new ArrayList<>();
        for (int n = 0; n < tokens; n++) {
            float[] logits = lastLogits(sequence);
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            out.add((long) best);
            sequence.add(embed(best)[0]);
        }
        return out;
    }

    String decode(List<Long> ids) {
        return tokenizer.decode(ids.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public void close() {
        reference.close();
        tokenizer.close();
    }
}
