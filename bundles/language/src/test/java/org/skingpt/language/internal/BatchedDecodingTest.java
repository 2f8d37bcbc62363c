package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.StopReason;

/**
 * Continuous batching through the model's decode loop, with conversations on their own threads as
 * consultations run them: every answer is exactly the answer the conversation gets with batching off
 * (each its own prompt, sampling settings and seed), the result says how many shared a step, a
 * cancelled conversation leaves the batch without disturbing the others, and closing the model stops
 * the loop's thread.
 */
class BatchedDecodingTest {

    @TempDir
    static Path dir;
    private static TinyLlama tiny;

    @BeforeAll
    static void writeModel() throws Exception {
        tiny = new TinyLlama(Files.createDirectories(dir.resolve("m")), 0.3f, 256, Map.of());
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    private static LlamaLanguageModel load(int maxBatch) {
        return load(maxBatch, 1);
    }

    private static LlamaLanguageModel load(int maxBatch, int threads) {
        return LlamaLanguageModel.load(tiny.descriptor, List.of(tiny.weights), tiny.tokenizerFile, Device.cpu(),
                DataType.FLOAT32, DecodeOptions.java(maxBatch, threads), 1);
    }

    private static GenerationSettings settings(int i) {
        // Different temperatures, top-p, penalties and seeds per conversation.
        return new GenerationSettings(40, 0.7 + 0.1 * (i % 4), 0, 0.8 + 0.05 * (i % 3), 1.0 + 0.05 * (i % 2), 1000L + i,
                List.of());
    }

    private static String prompt(int i) {
        return "hello " + "abc ".repeat(i % 5) + i;
    }

    private static GenerationResult answer(LlamaLanguageModel model, int i, GenerationListener listener) {
        try (Conversation c = model.openConversation()) {
            return c.generate(List.of(PromptPart.text(prompt(i))), settings(i), listener);
        }
    }

    @Test
    void eightConcurrentConversationsGetTheirUnbatchedAnswersAndSayTheyWereBatched() throws Exception {
        int n = 8;
        List<String> alone = new ArrayList<>();
        try (LlamaLanguageModel unbatched = load(1)) {
            for (int i = 0; i < n; i++) {
                GenerationResult r = answer(unbatched, i, GenerationListener.ignoring());
                assertTrue(r.generatedTokens() > 5, "conversation " + i + " answered at length");
                assertEquals(1, r.largestBatch(), "with batching off every step is decoded alone");
                alone.add(r.text());
            }
        }
        try (LlamaLanguageModel batched = load(16)) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<GenerationResult>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return answer(batched, k, GenerationListener.ignoring());
                }));
            }
            start.countDown();
            int largest = 0;
            for (int i = 0; i < n; i++) {
                GenerationResult r = futures.get(i).get();
                assertEquals(alone.get(i), r.text(), "conversation " + i + " answers as it does alone");
                largest = Math.max(largest, r.largestBatch());
            }
            pool.shutdown();
            assertTrue(largest > 1, "some steps were shared: largest batch " + largest);
            assertTrue(batched.averageBatch() > 1.5, "the loop batched: " + batched.averageBatch() + " conversations per step");
        }
    }

    @Test
    void aCancelledConversationLeavesTheBatchAndTheOthersFinish() throws Exception {
        try (LlamaLanguageModel batched = load(16)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                expected.add(answer(batched, i, GenerationListener.ignoring()).text());
            }
            AtomicInteger pieces = new AtomicInteger();
            GenerationListener cancelAfterFive = new GenerationListener() {
                @Override
                public void onText(String piece) {
                    pieces.incrementAndGet();
                }

                @Override
                public boolean isCancelled() {
                    return pieces.get() >= 5;
                }
            };
            ExecutorService pool = Executors.newFixedThreadPool(4);
            Future<GenerationResult> cancelled = pool.submit(() -> answer(batched, 3, cancelAfterFive));
            List<Future<GenerationResult>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int k = i;
                others.add(pool.submit(() -> answer(batched, k, GenerationListener.ignoring())));
            }
            assertEquals(StopReason.CANCELLED, cancelled.get().stopReason());
            for (int i = 0; i < 3; i++) {
                assertEquals(expected.get(i), others.get(i).get().text());
            }
            pool.shutdown();
        }
    }

    @Test
    void closingTheModelStopsItsDecodeThread() throws Exception {
        LlamaLanguageModel batched = load(16, 2);
        answer(batched, 1, GenerationListener.ignoring());
        assertEquals(2, decodeThreads(), "a decode loop and a helper run while the model is open");
        batched.close();
        long deadline = System.currentTimeMillis() + 10_000;
        while (decodeThreads() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(decodeThreads() > 0, "the decode loop's thread ended with the model");
    }

    /**
     * Fifty load/answer/close cycles of a Java-decoder model: no decode thread survives and no model
     * object stays reachable (the weights live on the heap, so a kept model would keep them).
     */
    @Test
    void loadAndCloseCyclesLeaveNoThreadAndNoModel() throws Exception {
        List<java.lang.ref.WeakReference<Object>> models = new ArrayList<>();
        for (int cycle = 0; cycle < 50; cycle++) {
            LlamaLanguageModel m = load(16, 2); // a decode loop and a helper thread per model
            answer(m, cycle, GenerationListener.ignoring());
            m.close();
            models.add(new java.lang.ref.WeakReference<>(m));
        }
        long deadline = System.currentTimeMillis() + 10_000;
        long reachable;
        do {
            System.gc();
            Thread.sleep(50);
            reachable = models.stream().filter(r -> r.get() != null).count();
        } while ((reachable > 0 || decodeThreads() > 0) && System.currentTimeMillis() < deadline);
        assertEquals(0, decodeThreads(), "decode threads left running");
        assertEquals(0, reachable, "closed models still reachable");
    }

    private static long decodeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("skingpt-decode-tiny-llama")
                        && t.isAlive())
                .count();
    }
}
