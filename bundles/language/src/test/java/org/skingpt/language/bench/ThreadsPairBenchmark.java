package org.skingpt.language.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.language.internal.DecodeOptions;
import org.skingpt.language.internal.LlamaLanguageModel;

/**
 * One thread against two for the Java decoder (one stream, greedy), in one JVM: both decoders are
 * loaded side by side and their generations alternate, so that what differs between two JVM runs
 * (compiled code, memory placement, a neighbour on the host) falls on both alike. {@code LlamaBenchmark}
 * runs each thread count in its own JVM; on this noisy machine that comparison swung from 0.71 to
 * 1.40 between runs of identical decode code.
 *
 * <p>Usage: {@code ThreadsPairBenchmark <demo|base> <work-dir> [promptTokens] [newTokens] [rounds]}
 * (the model files {@code LlamaBenchmark} wrote). Prints the median decode speed of each and their
 * ratio per round and overall, and a {@code RESULT} line.
 */
public final class ThreadsPairBenchmark {

    private ThreadsPairBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchModel.Shape shape = args[0].equals("base") ? BenchModel.BASE : BenchModel.DEMO;
        Path dir = Path.of(args[1]).resolve(shape.name());
        int promptTokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int newTokens = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 9;
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        BenchModel model = new BenchModel(shape);
        ModelDescriptor descriptor = model.descriptor();
        List<Path> weights = List.of(dir.resolve("model.safetensors"));
        Path tokenizer = dir.resolve("tokenizer.json");
        String text = BenchModel.prompt(promptTokens, 0);
        GenerationSettings greedy = GenerationSettings.greedy(newTokens, List.of());
        try (LlamaLanguageModel one = LlamaLanguageModel.load(descriptor, weights, tokenizer, Device.cpu(), DataType.FLOAT32,
                DecodeOptions.java(1, 1), 1);
             LlamaLanguageModel two = LlamaLanguageModel.load(descriptor, weights, tokenizer, Device.cpu(), DataType.FLOAT32,
                     DecodeOptions.java(1, 2), 2)) {
            for (int w = 0; w < 3; w++) {
                decodeSpeed(one, text, greedy);
                decodeSpeed(two, text, greedy);
            }
            double[] oneThread = new double[rounds];
            double[] twoThreads = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                // Which goes first alternates, so that neither always follows the other.
                if (r % 2 == 0) {
                    oneThread[r] = decodeSpeed(one, text, greedy);
                    twoThreads[r] = decodeSpeed(two, text, greedy);
                } else {
                    twoThreads[r] = decodeSpeed(two, text, greedy);
                    oneThread[r] = decodeSpeed(one, text, greedy);
                }
                System.out.printf("round %d: 1 thread %.1f, 2 threads %.1f tokens/s (%.2f)%n", r + 1, oneThread[r], twoThreads[r],
                        twoThreads[r] / oneThread[r]);
            }
            double m1 = median(oneThread);
            double m2 = median(twoThreads);
            System.out.printf("RESULT shape=%s rounds=%d one_thread_tps=%.1f two_threads_tps=%.1f ratio=%.3f%n", shape.name(), rounds,
                    m1, m2, m2 / m1);
        }
    }

    private static double decodeSpeed(LlamaLanguageModel lm, String prompt, GenerationSettings settings) {
        try (Conversation c = lm.openConversation()) {
            GenerationResult r = c.generate(List.of(PromptPart.text(prompt)), settings, GenerationListener.ignoring());
            return (r.generatedTokens() - 1) / (r.decodeNanos() / 1e9);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
