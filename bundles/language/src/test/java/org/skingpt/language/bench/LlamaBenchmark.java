package org.skingpt.language.bench;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.model.ModelDescriptor;
import ai.djl.ndarray.types.DataType;
import org.skingpt.language.internal.DecodeOptions;
import org.skingpt.language.internal.LlamaLanguageModel;

/**
 * Measures the language model on random weights: time to first token, prefill and decode speed,
 * resident memory. Not a unit test (surefire does not run it); {@code benchmark/run.sh} runs it
 * once per shape and thread count, each in its own JVM, because libtorch reads its thread count
 * once, when the engine starts.
 *
 * <p>Usage: {@code LlamaBenchmark <demo|base> <threads> <work-dir> [promptTokens] [newTokens] [runs] [djl|java]}:
 * the last argument picks the decoder (libtorch, or the Java CPU decoder; default djl).
 * Writes the model (safetensors, GGUF, tokenizer.json) into the work folder on first use and
 * prints one markdown table row, and a {@code RESULT} line for scripts.
 */
public final class LlamaBenchmark {

    private LlamaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: LlamaBenchmark <demo|base> <threads> <work-dir> [promptTokens] [newTokens] [runs]");
            System.exit(2);
        }
        BenchModel.Shape shape = switch (args[0]) {
            case "demo" -> BenchModel.DEMO;
            case "base" -> BenchModel.BASE;
            default -> throw new IllegalArgumentException("shape must be demo or base, got " + args[0]);
        };
        int threads = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]).resolve(shape.name());
        int promptTokens = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int newTokens = args.length > 4 ? Integer.parseInt(args[4]) : 128;
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        String engine = args.length > 6 ? args[6] : "djl";
        // Must be set before the first DJL class loads: the engine reads them once.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");

        BenchModel model = new BenchModel(shape);
        Files.createDirectories(dir);
        Path weights = dir.resolve("model.safetensors");
        Path tokenizer = dir.resolve("tokenizer.json");
        Path gguf = dir.resolve("model-f32.gguf");
        if (!Files.exists(weights) || !Files.exists(gguf) || !Files.exists(tokenizer)) {
            model.writeSafetensors(weights);
            model.writeGguf(gguf);
            model.writeTokenizer(tokenizer);
        }
        run(shape, model, weights, tokenizer, threads, promptTokens, newTokens, runs, engine);
    }

    private static void run(BenchModel.Shape shape, BenchModel model, Path weights, Path tokenizer, int threads,
                            int promptTokens, int newTokens, int runs, String engine) throws Exception {
        ModelDescriptor descriptor = model.descriptor();
        long loadStart = System.nanoTime();
        // Batching off for the Java decoder: one stream here (BatchedDecodeBenchmark measures batching).
        DecodeOptions options = engine.equals("java") ? DecodeOptions.java(1, threads) : DecodeOptions.LIBTORCH;
        try (LlamaLanguageModel lm = LlamaLanguageModel.load(descriptor, List.of(weights), tokenizer, Device.cpu(),
                DataType.FLOAT32, options, threads)) {
            long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            String text = BenchModel.prompt(promptTokens, 0);
            GenerationSettings greedy = GenerationSettings.greedy(newTokens, List.of());
            // Warm-up: three whole generations, so that the JIT has compiled the decoder's loops (the Java
            // decoder's Vector API code runs an order of magnitude slower until C2 compiles it) and the
            // allocators have settled; a server is measured warm.
            for (int w = 0; w < 3; w++) {
                once(lm, text, greedy);
            }
            List<double[]> samples = new ArrayList<>();
            int prompt = 0;
            for (int r = 0; r < runs; r++) {
                GenerationResult result = once(lm, text, greedy);
                prompt = result.promptTokens();
                double prefillSeconds = result.prefillNanos() / 1e9;
                samples.add(new double[] {
                    result.prefillNanos() / 1e6,
                    result.promptTokens() / prefillSeconds,
                    (result.generatedTokens() - 1) / (result.decodeNanos() / 1e9),
                });
            }
            // SkinGPT-4's sampler (temperature 1, top-p 0.9), to show what sampling in Java costs.
            GenerationResult sampled = once(lm, text, new GenerationSettings(newTokens, 1.0, 0, 0.9, 1.0, 1, List.of()));
            double sampledDecode = (sampled.generatedTokens() - 1) / (sampled.decodeNanos() / 1e9);
            double ttft = median(samples, 0);
            double prefill = median(samples, 1);
            double decode = median(samples, 2);
            // Anonymous memory is what the process really holds; the rest of the resident set is
            // file pages (the weight file read through memory mapping), which the kernel can drop.
            long rssMb = rssKiB("VmRSS") / 1024;
            long anonMb = rssKiB("RssAnon") / 1024;
            System.out.printf("| %s (%.1f M) | " + (engine.equals("java") ? "SkinGPT/Java" : "SkinGPT/DJL") + " | %d | %d | %.0f | %.0f | %.1f | %.1f | %d (%d) | %d |%n",
                    shape.name(), shape.parameters() / 1e6, threads, prompt, ttft, prefill, decode, sampledDecode, rssMb,
                    anonMb, loadMillis);
            System.out.printf("RESULT engine=" + engine + " shape=%s threads=%d prompt=%d ttft_ms=%.1f prefill_tps=%.1f decode_tps=%.2f "
                    + "sampled_decode_tps=%.2f rss_mb=%d anon_mb=%d load_ms=%d%n", shape.name(), threads, prompt, ttft, prefill,
                    decode, sampledDecode, rssMb, anonMb, loadMillis);
        }
    }

    private static GenerationResult once(LlamaLanguageModel lm, String prompt,
                                         GenerationSettings settings) {
        try (Conversation c = lm.openConversation()) {
            return c.generate(List.of(PromptPart.text(prompt)), settings, GenerationListener.ignoring());
        }
    }

    private static double median(List<double[]> samples, int column) {
        double[] v = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return v[v.length / 2];
    }

    private static long rssKiB(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
