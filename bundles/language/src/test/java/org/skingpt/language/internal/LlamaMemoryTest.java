package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;

/**
 * Native memory must not grow with use: every temporary and every closed cache is freed. Checked
 * here by counting what the model's manager holds, which is exact; native memory over time, in a
 * JVM of its own, is {@code LlamaMemorySoak}'s business ({@code -Pmemory-soak}).
 */
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

    private static final GenerationSettings SETTINGS = new GenerationSettings(500, 0.8, 20, 0.9, 1.1, 1, List.of("###"));

    @TempDir
    Path dir;

    static void generations(LlamaLanguageModel model, int n, GenerationSettings settings) {
        for (int i = 0; i < n; i++) {
            try (Conversation c = model.openConversation()) {
                c.generate(List.of(PromptPart.text("hello there")), settings, SHORT);
                if (i % 2 == 0) { // half of them take a second turn
                    c.generate(List.of(PromptPart.text("and")), settings, SHORT);
                }
            }
        }
    }

    /**
     * Conversations take sub-managers of the model's manager, and every turn's temporaries live in
     * an {@link NDScope}. After a thousand conversations (half with a second turn) the model's
     * manager holds exactly the arrays it held before, and no sub-manager: a conversation whose
     * manager stayed open would still be attached to it.
     */
    @Test
    void thousandShortGenerationsLeaveNoArraysAndNoManagersBehind() throws Exception {
        try (TinyLlama tiny = new TinyLlama(dir, 0.3f, 1200, Map.of()); LlamaLanguageModel model = tiny.load()) {
            NDManager manager = model.decoder().manager();
            generations(model, 10, SETTINGS);
            Set<NDArray> arrays = identitySet(manager.getManagedArrays());
            int children = children(manager);
            assertEquals(arrays.size(), children, "the model's manager holds only arrays between conversations");

            generations(model, 1000, SETTINGS);
            assertEquals(arrays.size(), manager.getManagedArrays().size(), "arrays left behind in the model's manager");
            assertEquals(children, children(manager), "conversation managers left open");
            assertTrue(arrays.equals(identitySet(manager.getManagedArrays())), "the model's arrays were replaced");
            assertTrue(arrays.stream().noneMatch(NDArray::isReleased), "a conversation freed a weight");

            // While a conversation is open, its cache is all it holds between turns, however many turns.
            int cacheArrays = 2 * model.config().numHiddenLayers();
            NDManager own;
            try (Conversation c = model.openConversation()) {
                own = ((LlamaConversation) c).manager();
                assertEquals(children + 1, children(manager));
                for (int turn = 0; turn < 20; turn++) {
                    c.generate(List.of(PromptPart.text("hello")), SETTINGS, SHORT);
                    assertEquals(cacheArrays, own.getManagedArrays().size(), "arrays held after turn " + turn);
                    assertEquals(arrays.size() + cacheArrays, manager.getManagedArrays().size());
                }
            }
            assertFalse(own.isOpen(), "closing the conversation closes its manager");
            assertEquals(arrays.size(), manager.getManagedArrays().size());
            assertEquals(children, children(manager));

            // The same checks see a manager that is left open with something in it.
            NDManager leaked = manager.newSubManager();
            leaked.create(new float[] {1, 2});
            assertEquals(children + 1, children(manager));
            assertEquals(arrays.size() + 1, manager.getManagedArrays().size());
            leaked.close();
        }
    }

    /**
     * A turn closes every {@link NDScope} it opens: a scope left open would stay on the thread's
     * stack and collect the arrays the caller makes afterwards, so the caller's own scope would no
     * longer free them. A conversation's cache, which outlives turns, stays out of the caller's scope.
     */
    @Test
    void turnsCloseTheirScopesAndKeepTheCacheOutOfTheCallers() throws Exception {
        try (TinyLlama tiny = new TinyLlama(dir, 0.3f, 1200, Map.of()); LlamaLanguageModel model = tiny.load();
             NDManager mine = NDManager.newBaseManager()) {
            NDArray after;
            try (Conversation c = model.openConversation()) {
                try (NDScope callers = new NDScope()) {
                    callers.suppressNotUsedWarning();
                    c.generate(List.of(PromptPart.text("hello there")), SETTINGS, SHORT);
                    c.generate(List.of(PromptPart.text("and")), SETTINGS, SHORT);
                    after = mine.create(new float[] {1, 2, 3});
                }
                assertTrue(after.isReleased(), "a turn left an NDScope open");
                // The cache survived the caller's scope: the conversation goes on (a freed cache would throw).
                c.generate(List.of(PromptPart.text("more")), SETTINGS, SHORT);
            }

            // The same check sees a scope that is left open.
            NDScope forgotten;
            try (NDScope callers = new NDScope()) {
                callers.suppressNotUsedWarning();
                forgotten = new NDScope();
                after = mine.create(new float[] {1, 2, 3});
            }
            assertFalse(after.isReleased());
            forgotten.close();
            assertTrue(after.isReleased());
        }
    }

    private static Set<NDArray> identitySet(List<NDArray> arrays) {
        Set<NDArray> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(arrays);
        return set;
    }

    /**
     * Direct children of a manager (its arrays and open sub-managers). DJL has no getter for the
     * sub-managers; its public description of a manager reports the count.
     */
    static int children(NDManager manager) {
        Matcher m = Pattern.compile("Resource size: (\\d+)").matcher(manager.toString());
        if (!m.find()) {
            throw new IllegalStateException("DJL's description of a manager no longer reports its resources: " + manager);
        }
        return Integer.parseInt(m.group(1));
    }
}
