package org.skingpt.language.internal;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.skingpt.nn.Weights;

/**
 * One decode thread against two on the same weights in memory (not a test; {@code benchmark/threads.sh} runs it).
 * {@code ThreadsPairBenchmark} loads the model twice, once per thread count, so its two decoders also differ in
 * where their weights landed; this one packs the weights once and steps them with a one-thread and a two-thread
 * {@link CpuLlama} ({@link CpuLlama#withThreads}), so the thread count is the only difference. Rounds alternate
 * which goes first; each round is one greedy generation per decoder after the same prompt, decode steps timed.
 * The verdict uses the median of the per-round ratios and, as its spread, the ratios' interquartile range.
 *
 * <p>Usage: {@code SharedWeightsThreadsBenchmark <demo|base> <work-dir> [promptTokens] [newTokens] [rounds]
 * [shared|copy-2|copy-1|same-1]} (the model files {@code LlamaBenchmark} wrote). The last argument picks the second
 * decoder: the same weights with two threads (default), or, as controls, a second copy of the weights with two threads
 * or with one, or the same weights with one thread (the benchmark's own noise).
 *
 * <p>"No slower" is judged by a 95% bootstrap interval of the median ratio (rounds resampled 2,000 times, fixed seed):
 * two threads are slower only if the whole interval lies below 1.
 */
public final class SharedWeightsThreadsBenchmark {

    private SharedWeightsThreadsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean demo = args[0].equals("demo");
        Path dir = Path.of(args[1]).resolve(demo ? "demo-5M" : "base-134M");
        int promptTokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int newTokens = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 41;
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // The shapes of BenchModel (as DecodeProfile).
        Map<String, Object> hyper = demo
                ? TestModels.hyperParameters(4096, 256, 688, 4, 4, 2, 2048, false)
                : TestModels.hyperParameters(32000, 768, 2048, 12, 12, 12, 2048, false);
        LlamaConfig config = LlamaConfig.fromHyperParameters(hyper);
        String second = args.length > 5 ? args[5] : "shared";
        CpuLlama one;
        CpuLlama two;
        try (LlamaModel model = LlamaModel.load(config, Weights.open(NDManager.newBaseManager(), DataType.FLOAT32,
                List.of(dir.resolve("model.safetensors"))), DataType.FLOAT32)) {
            one = CpuLlama.of(config, model.copyToHeap(), 1, "one");
            two = switch (second) {
                case "shared" -> one.withThreads(2, "two");
                // Controls: a second copy of the weights, with two threads (what ThreadsPairBenchmark compares) or
                // with one (both sides identical code: what the copies' placement alone does).
                case "copy-2" -> CpuLlama.of(config, model.copyToHeap(), 2, "two");
                case "copy-1" -> CpuLlama.of(config, model.copyToHeap(), 1, "two");
                // Control: the same weights with one thread on both sides, the benchmark's own noise.
                case "same-1" -> one.withThreads(1, "two");
                default -> throw new IllegalArgumentException("second decoder: shared, copy-2, copy-1 or same-1, not " + second);
            };
        }
        try (CpuDecoder oneThread = new CpuDecoder(one, 1, "one"); CpuDecoder twoThreads = new CpuDecoder(two, 1, "two")) {
            long[] prompt = new long[promptTokens];
            for (int i = 0; i < promptTokens; i++) {
                prompt[i] = 300 + (i * 7) % 26;
            }
            long[] reference = null;
            for (int w = 0; w < 5; w++) {
                reference = check(reference, generate(oneThread, prompt, newTokens));
                reference = check(reference, generate(twoThreads, prompt, newTokens));
            }
            double[] speed1 = new double[rounds];
            double[] speed2 = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Generation a;
                Generation b;
                if (r % 2 == 0) {
                    a = generate(oneThread, prompt, newTokens);
                    b = generate(twoThreads, prompt, newTokens);
                } else {
                    b = generate(twoThreads, prompt, newTokens);
                    a = generate(oneThread, prompt, newTokens);
                }
                check(reference, a);
                check(reference, b);
                speed1[r] = a.tokensPerSecond();
                speed2[r] = b.tokensPerSecond();
                ratio[r] = speed2[r] / speed1[r];
            }
            double[] sorted = ratio.clone();
            Arrays.sort(sorted);
            System.out.printf("ratios by round: %s%n", Arrays.toString(Arrays.stream(ratio)
                    .map(v -> Math.round(v * 1000) / 1000.0).toArray()));
            double[] interval = bootstrapMedianInterval(ratio);
            System.out.printf("RESULT shape=%s second=%s rounds=%d one_thread_tps=%.1f second_tps=%.1f median_ratio=%.3f "
                    + "ratio_q1=%.3f ratio_q3=%.3f median_95ci=%.3f-%.3f%n", demo ? "demo" : "base", second, rounds,
                    median(speed1), median(speed2), sorted[rounds / 2], sorted[rounds / 4], sorted[(3 * rounds) / 4],
                    interval[0], interval[1]);
        }
    }

    private record Generation(long[] tokens, double tokensPerSecond) {
    }

    /** Greedy tokens after the prompt; decode steps timed (the first token comes from the prompt's pass). */
    private static Generation generate(CpuDecoder decoder, long[] prompt, int newTokens) {
        try (Decoder.Session s = decoder.open()) {
            s.reserve(prompt.length + newTokens);
            long[] tokens = new long[newTokens];
            tokens[0] = Sampler.argmax(s.prefill(List.of(new PromptSegment(prompt, null, prompt.length))));
            long t0 = System.nanoTime();
            for (int i = 1; i < newTokens; i++) {
                tokens[i] = Sampler.argmax(s.step(tokens[i - 1]));
            }
            return new Generation(tokens, (newTokens - 1) / ((System.nanoTime() - t0) / 1e9));
        }
    }

    /** Both decoders must produce the same tokens, or the comparison would not be of the same work. */
    private static long[] check(long[] reference, Generation g) {
        if (reference != null && !Arrays.equals(reference, g.tokens())) {
            throw new IllegalStateException("the two thread counts decoded different tokens");
        }
        return g.tokens();
    }

    /** The 2.5th and 97.5th percentiles of the median of {@code v} resampled with replacement. */
    private static double[] bootstrapMedianInterval(double[] v) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20);
        double[] medians = new double[2_000];
        double[] sample = new double[v.length];
        for (int b = 0; b < medians.length; b++) {
            for (int i = 0; i < v.length; i++) {
                sample[i] = v[random.nextInt(v.length)];
            }
            medians[b] = median(sample);
        }
        Arrays.sort(medians);
        return new double[] {medians[medians.length / 40], medians[medians.length - 1 - medians.length / 40]};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
