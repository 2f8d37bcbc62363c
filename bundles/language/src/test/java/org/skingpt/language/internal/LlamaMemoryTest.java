package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;

/** Native memory must not grow with use: every temporary and every closed cache is freed. */
class LlamaMemoryTest {

    /** Stops after three tokens, so each turn is short but reserves cache room for many more. */
    private static final GenerationListener SHORT = new GenerationListener() {
        private int polls;

        @Override
        public void onText(String piece) {
        }

        @Override
        public boolean isCancelled() {
            return polls++ % 3 == 2;
        }
    };

    @TempDir
    Path dir;

    /** Resident set after a garbage collection, so that buffers awaiting collection do not count. */
    private static long residentKiB() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(200);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static void generations(LlamaLanguageModel model, int n, GenerationSettings settings) {
        for (int i = 0; i < n; i++) {
            try (Conversation c = model.openConversation()) {
                c.generate(List.of(PromptPart.text("hello there")), settings, SHORT);
                if (i % 2 == 0) { // half of them take a second turn
                    c.generate(List.of(PromptPart.text("and")), settings, SHORT);
                }
            }
        }
    }

    @Test
    void thousandShortGenerationsLeaveNoArraysAndNoResidentGrowth() throws Exception {
        try (TinyLlama tiny = new TinyLlama(dir, 0.3f, 1200, Map.of()); LlamaLanguageModel model = tiny.load()) {
            NDManager manager = model.decoder().manager();
            GenerationSettings settings = new GenerationSettings(500, 0.8, 20, 0.9, 1.1, 1, List.of("###"));
            generations(model, 100, settings); // warm up allocators and the JIT
            int arrays = manager.getManagedArrays().size();
            long before = residentKiB();
            generations(model, 1000, settings);
            long after = residentKiB();
            assertEquals(arrays, manager.getManagedArrays().size(), "arrays left behind in the model's manager");
            // Each conversation reserves about 1,024 positions: 4 arrays of 2 x 1024 x 8 floats, 256 KiB.
            // Leaking them would add 250 MiB; the JIT, heap and allocator drift stay far below the bound.
            assertTrue(after - before < 64 * 1024, "resident memory grew by " + (after - before) + " KiB");

            // While a conversation is open, its cache is all it holds between turns.
            try (Conversation c = model.openConversation()) {
                c.generate(List.of(PromptPart.text("hello")), settings, SHORT);
                assertEquals(arrays + 2 * 2, manager.getManagedArrays().size());
            }
            assertEquals(arrays, manager.getManagedArrays().size());
        }
    }
}
