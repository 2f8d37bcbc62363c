package org.skingpt.language.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.language.internal.DecodeOptions;
import org.skingpt.language.internal.LlamaLanguageModel;

/**
 * Continuous batching on the Java decoder: N concurrent streams (each its own conversation and
 * thread, as consultations run), each generating a fixed number of tokens greedily after its own
 * prompt. Prints per N: aggregate and per-stream decode tokens/s, median and worst time to first
 * token, the average batch the decode loop ran, heap and resident memory; and, for comparison, the
 * same N with batching off (each conversation decoding alone on its thread).
 *
 * <p>Usage: {@code BatchedDecodeBenchmark <demo|base> <threads> <work-dir> [promptTokens] [newTokens] [N,N,...]}
 * (the model files are those LlamaBenchmark wrote).
 */
public final class BatchedDecodeBenchmark {

    private BatchedDecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchModel.Shape shape = args[0].equals("demo") ? BenchModel.DEMO : BenchModel.BASE;
        int threads = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]).resolve(shape.name());
        int promptTokens = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int newTokens = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        String[] counts = (args.length > 5 ? args[5] : "1,2,4,8,16").split(",");
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
        BenchModel model = new BenchModel(shape);
        Path weights = dir.resolve("model.safetensors");
        Path tokenizer = dir.resolve("tokenizer.json");
        if (!Files.exists(weights)) {
            Files.createDirectories(dir);
            model.writeSafetensors(weights);
            model.writeGguf(dir.resolve("model-f32.gguf"));
            model.writeTokenizer(tokenizer);
        }
        ModelDescriptor descriptor = model.descriptor();
        for (boolean batching : new boolean[] {true, false}) {
            try (LlamaLanguageModel lm = LlamaLanguageModel.load(descriptor, List.of(weights), tokenizer, Device.cpu(),
                    DataType.FLOAT32, DecodeOptions.java(batching ? 16 : 1, threads), threads)) {
                // Warm-up until the JIT has compiled every path (one stream, a full batch, a remainder), as in a
                // running server; measured: without it the first single-stream phase ran at 60% speed.
                for (int w : new int[] {1, 8, 3, 1, 8}) {
                    streams(lm, w, promptTokens, newTokens);
                }
                double single = 0;
                for (String c : counts) {
                    int n = Integer.parseInt(c.trim());
                    if (!batching && n != 1 && n != 8) {
                        continue;
                    }
                    // The median of three measurements: one of 64 tokens lasts under a second, and a single one
                    // swung the single-stream figure (the ratio's denominator) by a third between runs.
                    Row r = medianOf(lm, n, promptTokens, newTokens, 3);
                    if (n == 1) {
                        single = r.aggregate;
                    }
                    Runtime rt = Runtime.getRuntime();
                    long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1 << 20);
                    System.out.printf("| %s | %d | %s | %d | %.1f | %.1f | %.2f× | %.0f | %.0f | %.1f | %d | %d |%n", shape.name(),
                            threads, batching ? "on" : "off", n, r.aggregate, r.aggregate / n, single == 0 ? 0 : r.aggregate / single,
                            r.ttftMedian, r.ttftMax, r.averageBatch, heapMb, rssMb());
                    System.out.printf("RESULT batching=%s shape=%s threads=%d streams=%d aggregate_tps=%.2f per_stream_tps=%.2f "
                            + "ttft_median_ms=%.1f ttft_max_ms=%.1f avg_batch=%.2f%n", batching, shape.name(), threads, n,
                            r.aggregate, r.aggregate / n, r.ttftMedian, r.ttftMax, r.averageBatch);
                }
            }
        }
    }

    private record Row(double aggregate, double ttftMedian, double ttftMax, double averageBatch) {
    }

    /** The measurement with the median aggregate of {@code repeats}. */
    private static Row medianOf(LlamaLanguageModel lm, int n, int promptTokens, int newTokens, int repeats) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            rows.add(streams(lm, n, promptTokens, newTokens));
        }
        rows.sort(java.util.Comparator.comparingDouble(Row::aggregate));
        return rows.get(rows.size() / 2);
    }

    /**
     * Two phases per N. Decode: every stream first reads its prompt ({@code append}), then all start
     * together on a one-character turn and generate {@code newTokens}; aggregate tokens/s is all their
     * tokens over the time from the common start to the last end. First token: N fresh streams start
     * together with their whole prompts (prefills compete); their times to first token.
     */
    private static Row streams(LlamaLanguageModel lm, int n, int promptTokens, int newTokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(n + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GenerationResult>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
                try (Conversation c = lm.openConversation()) {
                    c.append(List.of(PromptPart.text(BenchModel.prompt(promptTokens, k))));
                    ready.await();
                    start.await();
                    return c.generate(List.of(PromptPart.text("a")), GenerationSettings.greedy(newTokens, List.of()),
                            GenerationListener.ignoring());
                }
            }));
        }
        ready.await();
        long[] before = lm.decodeStepCounters();
        long t0 = System.nanoTime();
        start.countDown();
        long tokens = 0;
        for (Future<GenerationResult> f : futures) {
            tokens += f.get().generatedTokens();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] after = lm.decodeStepCounters();
        long steps = after[0] - before[0];
        double averageBatch = steps == 0 ? 1 : (double) (after[1] - before[1]) / steps;

        CountDownLatch go = new CountDownLatch(1);
        List<Future<GenerationResult>> fresh = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            fresh.add(pool.submit(() -> {
                go.await();
                try (Conversation c = lm.openConversation()) {
                    return c.generate(List.of(PromptPart.text(BenchModel.prompt(promptTokens, k))), GenerationSettings.greedy(2, List.of()),
                            GenerationListener.ignoring());
                }
            }));
        }
        go.countDown();
        List<Double> ttft = new ArrayList<>();
        for (Future<GenerationResult> f : fresh) {
            ttft.add(f.get().prefillNanos() / 1e6);
        }
        pool.shutdown();
        ttft.sort(null);
        return new Row(tokens / seconds, ttft.get(ttft.size() / 2), ttft.get(ttft.size() - 1), averageBatch);
    }

    private static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
