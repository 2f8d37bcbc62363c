package org.skingpt.language.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.nn.Weights;

/**
 * Where one decoded token's time goes, on both decoders, with the benchmark's random weights (not
 * a test; {@code benchmark/profile.sh} runs it). After a 128-token prompt, 64 decode steps are timed
 * as a whole; then the same step's matrix products alone (same matrices, same input sizes); the
 * rest of the step is attention, norms, rotary embeddings, activations and, through libtorch, the
 * cost of its ~15 native calls per layer; last, what happens outside the decoder per token (greedy
 * sampling over the vocabulary, repetition penalty, detokenizing).
 *
 * <p>Usage: {@code DecodeProfile <demo|base> <threads> <work-dir>} (the files LlamaBenchmark wrote).
 */
public final class DecodeProfile {

    private static final int STEPS = 64;

    private DecodeProfile() {
    }

    public static void main(String[] args) throws Exception {
        boolean demo = args[0].equals("demo");
        int threads = Integer.parseInt(args[1]);
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
        Path dir = Path.of(args[2]).resolve(demo ? "demo-5M" : "base-134M");
        // The shapes of BenchModel.
        Map<String, Object> hyper = demo
                ? TestModels.hyperParameters(4096, 256, 688, 4, 4, 2, 2048, false)
                : TestModels.hyperParameters(32000, 768, 2048, 12, 12, 12, 2048, false);
        LlamaConfig config = LlamaConfig.fromHyperParameters(hyper);
        try (LlamaModel model = LlamaModel.load(config, Weights.open(NDManager.newBaseManager(), DataType.FLOAT32,
                List.of(dir.resolve("model.safetensors"))), DataType.FLOAT32)) {
            CpuLlama cpu = CpuLlama.of(config, model.copyToHeap(), threads);
            double djlStep = djlStep(model);
            double djlMatmul = djlMatmuls(model);
            double javaStep = javaStep(cpu);
            double javaMatmul = javaMatmuls(cpu);
            double outside = outside(config, dir.resolve("tokenizer.json"));
            String name = demo ? "demo-5M" : "base-134M";
            System.out.printf("| %s | %d | libtorch (DJL) | %.3f | %.3f | %.3f | %.3f | %.0f |%n", name, threads, djlStep, djlMatmul,
                    djlStep - djlMatmul, outside, 1000 / (djlStep + outside));
            System.out.printf("| %s | %d | Java decoder | %.3f | %.3f | %.3f | %.3f | %.0f |%n", name, threads, javaStep, javaMatmul,
                    javaStep - javaMatmul, outside, 1000 / (javaStep + outside));
            cpu.close();
        }
    }

    /** Milliseconds per decode step through libtorch, best of three rounds of {@value #STEPS}. */
    private static double djlStep(LlamaModel model) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            try (NDManager m = model.manager().newSubManager()) {
                KvCache cache = model.newCache(m);
                cache.reserve(128 + STEPS);
                try (NDScope s = new NDScope()) {
                    s.suppressNotUsedWarning();
                    model.forward(model.embed(ids(128), m), cache, false);
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < STEPS; i++) {
                    try (NDScope s = new NDScope()) {
                        s.suppressNotUsedWarning();
                        model.forward(model.embed(new long[] {(i * 31 + 7) % model.config().vocabSize()}, m), cache, false);
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6 / STEPS;
                best = round == 0 ? best : Math.min(best, ms); // round 0 warms up
                cache.close();
            }
        }
        return best;
    }

    private static double djlMatmuls(LlamaModel model) {
        double best = Double.MAX_VALUE;
        int d = model.config().hiddenSize();
        for (int round = 0; round < 4; round++) {
            try (NDManager m = model.manager().newSubManager()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < STEPS; i++) {
                    try (NDScope s = new NDScope()) {
                        s.suppressNotUsedWarning();
                        for (NDArray w : model.matrices()) {
                            NDArray x = m.ones(new Shape(1, w.getShape().get(1)));
                            LlamaLayers.linear(x, w);
                        }
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6 / STEPS;
                best = round == 0 ? best : Math.min(best, ms);
            }
        }
        return best - ones(model, d);
    }

    /** The cost of making the inputs of {@link #djlMatmuls}, which the real step does not pay. */
    private static double ones(LlamaModel model, int d) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            try (NDManager m = model.manager().newSubManager()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < STEPS; i++) {
                    try (NDScope s = new NDScope()) {
                        s.suppressNotUsedWarning();
                        for (NDArray w : model.matrices()) {
                            m.ones(new Shape(1, w.getShape().get(1)));
                        }
                    }
                }
                best = round == 0 ? best : Math.min(best, (System.nanoTime() - t0) / 1e6 / STEPS);
            }
        }
        return best;
    }

    private static double javaStep(CpuLlama cpu) {
        LlamaConfig c = cpu.config();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            CpuKvCache cache = new CpuKvCache(c.numHiddenLayers(), c.numKeyValueHeads(), c.headDim(), c.contextLength());
            cache.reserve(128 + STEPS);
            List<CpuLlama.Row> prompt = new java.util.ArrayList<>();
            long[] ids = ids(128);
            for (int i = 0; i < ids.length; i++) {
                float[] x = new float[c.hiddenSize()];
                cpu.embed(ids[i], x);
                prompt.add(new CpuLlama.Row(x, cache, i));
            }
            boolean[] want = new boolean[ids.length];
            want[ids.length - 1] = true;
            cpu.forward(prompt, want);
            long t0 = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                float[] x = new float[c.hiddenSize()];
                cpu.embed((i * 31 + 7) % c.vocabSize(), x);
                cpu.forward(List.of(new CpuLlama.Row(x, cache, cache.length())), new boolean[] {true});
            }
            double ms = (System.nanoTime() - t0) / 1e6 / STEPS;
            best = round == 0 ? best : Math.min(best, ms);
        }
        return best;
    }

    private static double javaMatmuls(CpuLlama cpu) {
        double best = Double.MAX_VALUE;
        List<PackedMatrix> matrices = cpu.matrices();
        float[][][] in = new float[matrices.size()][][];
        float[][][] out = new float[matrices.size()][][];
        for (int k = 0; k < matrices.size(); k++) {
            in[k] = new float[][] {new float[matrices.get(k).cols()]};
            java.util.Arrays.fill(in[k][0], 0.01f);
            out[k] = new float[][] {new float[matrices.get(k).rows()]};
        }
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                for (int k = 0; k < matrices.size(); k++) {
                    PackedMatrix w = matrices.get(k);
                    w.multiply(in[k], 1, out[k], 0, w.blocks());
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6 / STEPS;
            best = round == 0 ? best : Math.min(best, ms);
        }
        return best;
    }

    /** Greedy sampling with the repetition penalty and streaming detokenization, per token. */
    private static double outside(LlamaConfig c, Path tokenizerFile) {
        float[] logits = new float[c.vocabSize()];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian();
        }
        Sampler sampler = new Sampler();
        BitSet seen = new BitSet();
        GenerationSettings greedy = new GenerationSettings(256, 0, 0, 1.0, 1.1, 1, List.of());
        double best = Double.MAX_VALUE;
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(tokenizerFile)) {
            for (int round = 0; round < 4; round++) {
                LlamaTokenizer.StreamingDecoder decoder = tokenizer.streamingDecoder();
                long t0 = System.nanoTime();
                for (int i = 0; i < STEPS * 4; i++) {
                    int token = sampler.sample(logits, seen, greedy, r);
                    seen.set(token);
                    decoder.next(token);
                    logits[token] -= 0.5f;
                }
                double ms = (System.nanoTime() - t0) / 1e6 / (STEPS * 4);
                best = round == 0 ? best : Math.min(best, ms);
            }
        }
        return best;
    }

    private static long[] ids(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 300 + (i * 7) % 26;
        }
        return ids;
    }
}
