package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;

/**
 * Native memory of the language model over thousands of conversations, judged by
 * {@link NativeMemorySoak} in a JVM of its own. Not part of the normal build (surefire runs
 * {@code *Test} classes); run it with the {@code memory-soak} profile, which forks a JVM per soak
 * class with a fixed, pre-touched heap, {@code MALLOC_ARENA_MAX=2} and one libtorch thread:
 *
 * <pre>
 * mvn -B verify -Pmemory-soak -pl bundles/vision,bundles/language -am
 * </pre>
 *
 * One call is what a consultation does to the model: open a conversation, generate a short answer
 * (every other call a second turn), close it. The deterministic check that runs in every build is
 * {@link LlamaMemoryTest}.
 */
class LlamaMemorySoak {

    /** Stops after three tokens, so each turn is short but reserves cache room for 500 more. */
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

    private static final GenerationSettings SETTINGS = new GenerationSettings(500, 0.8, 20, 0.9, 1.1, 1, List.of("###"));

    @TempDir
    Path dir;

    private int calls;

    /** One consultation's use of the model; {@code leak}, when given, keeps a copy of one cache array of it. */
    private void conversation(LlamaLanguageModel model, NDManager leak) {
        try (Conversation c = model.openConversation()) {
            c.generate(List.of(PromptPart.text("hello there")), SETTINGS, SHORT);
            if (calls++ % 2 == 0) {
                c.generate(List.of(PromptPart.text("and")), SETTINGS, SHORT);
            }
            if (leak != null) {
                NDArray copy = ((LlamaConversation) c).manager().getManagedArrays().get(0).duplicate();
                copy.attach(leak);
            }
        }
    }

    @Test
    void conversationsStayFlatAndOneKeptArrayPerConversationIsCaught() throws Exception {
        System.out.println(NativeMemorySoak.machine());
        int perWindow = Integer.getInteger("soak.calls", 400);
        try (TinyLlama tiny = new TinyLlama(dir, 0.3f, 1200, Map.of()); LlamaLanguageModel model = tiny.load();
             NDManager kept = NDManager.newBaseManager()) {
            NDManager manager = model.decoder().manager();
            // The arrays a conversation allocates are its cache, two per layer: leaking one per call must fail.
            long arrayBytes;
            try (Conversation c = model.openConversation()) {
                c.generate(List.of(PromptPart.text("hello there")), SETTINGS, SHORT);
                List<NDArray> cache = ((LlamaConversation) c).manager().getManagedArrays();
                arrayBytes = cache.stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).min().orElseThrow();
            }
            double bound = arrayBytes / 2.0;

            NativeMemorySoak.Result real = NativeMemorySoak.run("language model", perWindow, bound,
                    () -> conversation(model, null), () -> manager.getManagedArrays().size());
            // Positive control, after the real run so that its leak cannot disturb it: the same
            // conversations, each keeping a copy of one of its cache arrays.
            NativeMemorySoak.Result control = NativeMemorySoak.run("language model keeping 1 cache array (" + arrayBytes
                    + " B) per conversation", perWindow, bound, () -> conversation(model, kept),
                    () -> manager.getManagedArrays().size() + kept.getManagedArrays().size());

            System.out.println(NativeMemorySoak.header());
            System.out.println(real.row());
            System.out.println(control.row());
            assertFalse(real.leaks(), "language model: native memory grows " + Math.round(real.slopeBytesPerCall())
                    + " bytes per conversation, bound " + Math.round(bound) + ": " + real.row());
            assertTrue(control.leaks(), "the check missed one kept " + arrayBytes + "-byte array per conversation: "
                    + control.row());
        }
    }
}
