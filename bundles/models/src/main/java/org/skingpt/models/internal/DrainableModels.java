package org.skingpt.models.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelDescriptor;

/**
 * The objects registered as model services. They pass everything to the loaded model and count
 * what is in flight, so that withdrawing a model lets its running consultations finish.
 *
 * <p>The loaded model behind a service can be replaced in place ({@link Served#replace}): when the
 * architecture bundle that built it is updated, the extender builds the same model again through
 * the new revision's factory and swaps it in. New work goes to the replacement at once; work already
 * running (an open conversation, an encode) finishes on the model it started on, which is freed
 * once drained. The registration itself does not change, so a consumer holding the service never
 * sees it go away.
 */
final class DrainableModels {

    private DrainableModels() {
    }

    /** One loaded model behind a service, the architecture factory that built it, and the work running on it. */
    static final class Generation<M> {
        final M model;
        /** The factory service object that built {@link #model} (identity matters: a new revision registers a new one). */
        final Object factory;
        final InFlight inFlight = new InFlight();

        Generation(M model, Object factory) {
            this.model = model;
            this.factory = factory;
        }
    }

    /** What the two kinds of served model share: the current generation and the ones still finishing. */
    abstract static sealed class Served<M> permits Encoder, Language {
        private volatile Generation<M> current;
        private final List<Generation<M>> retiring = new CopyOnWriteArrayList<>();

        Served(M model, Object factory) {
            this.current = new Generation<>(model, factory);
        }

        /** The generation new work goes to. */
        final Generation<M> current() {
            return current;
        }

        /** The loaded model that serves new work (the IT compares its class loader with the architecture bundle's). */
        final Object model() {
            return current.model;
        }

        /**
         * Starts one piece of work on the current generation. A generation replaced meanwhile refuses
         * it, and the work goes to its replacement; only a withdrawn model refuses for good.
         */
        final Generation<M> enter(String coordinates) {
            while (true) {
                Generation<M> g = current;
                if (g.inFlight.tryEnter()) {
                    return g;
                }
                if (g == current) {
                    throw new IllegalStateException(coordinates + " has been withdrawn; ask for the model again to get its successor.");
                }
            }
        }

        /**
         * Makes {@code model} serve new work from now on. The generation it replaces is returned for
         * the caller to drain (which stops it taking new work) and free; until then it counts in
         * {@link #inFlight()}.
         */
        final synchronized Generation<M> replace(M model, Object factory) {
            Generation<M> old = current;
            retiring.add(old);
            current = new Generation<>(model, factory);
            return old;
        }

        /**
         * Withdraws the model: returns the current generation for the caller to drain and free (the
         * generations it replaced are being drained already).
         */
        final synchronized Generation<M> withdraw() {
            if (!retiring.contains(current)) {
                retiring.add(current);
            }
            return current;
        }

        /** A drained generation has been freed. */
        final void freed(Generation<?> g) {
            retiring.remove(g);
        }

        /** Conversations and encodes running on any generation. */
        final int inFlight() {
            int n = current.inFlight.count();
            for (Generation<M> g : retiring) {
                if (g != current) {
                    n += g.inFlight.count();
                }
            }
            return n;
        }

        /** Frees one generation's native memory. */
        abstract void free(Generation<?> g);
    }

    static final class Encoder extends Served<ImageEncoder> implements ImageEncoder {

        Encoder(ImageEncoder model, Object factory) {
            super(model, factory);
        }

        @Override
        public ModelDescriptor descriptor() {
            return current().model.descriptor();
        }

        @Override
        public int imageSize() {
            return current().model.imageSize();
        }

        @Override
        public int outputTokens() {
            return current().model.outputTokens();
        }

        @Override
        public int outputWidth() {
            return current().model.outputWidth();
        }

        @Override
        public ImageEmbedding encode(RgbImage image) {
            Generation<ImageEncoder> g = enter(current().model.descriptor().coordinates());
            try {
                return g.model.encode(image);
            } finally {
                g.inFlight.exit();
            }
        }

        /** Consumers never close a model service; the extender frees each generation itself. */
        @Override
        public void close() {
        }

        @Override
        void free(Generation<?> g) {
            ((ImageEncoder) g.model).close();
        }
    }

    static final class Language extends Served<LanguageModel> implements LanguageModel {

        Language(LanguageModel model, Object factory) {
            super(model, factory);
        }

        @Override
        public ModelDescriptor descriptor() {
            return current().model.descriptor();
        }

        @Override
        public int embeddingWidth() {
            return current().model.embeddingWidth();
        }

        @Override
        public int contextLength() {
            return current().model.contextLength();
        }

        @Override
        public int countTokens(String text) {
            return current().model.countTokens(text);
        }

        /**
         * A conversation counts as in flight from opening to closing (a consultation holds it), and
         * stays on the generation it was opened on: its KV cache belongs to that model.
         */
        @Override
        public Conversation openConversation() {
            Generation<LanguageModel> g = enter(current().model.descriptor().coordinates());
            Conversation conversation;
            try {
                conversation = g.model.openConversation();
            } catch (RuntimeException | Error e) {
                g.inFlight.exit();
                throw e;
            }
            return new Conversation() {
                private boolean closed;

                @Override
                public GenerationResult generate(Iterable<PromptPart> prompt, GenerationSettings settings, GenerationListener listener) {
                    return conversation.generate(prompt, settings, listener);
                }

                @Override
                public void append(Iterable<PromptPart> parts) {
                    conversation.append(parts);
                }

                @Override
                public int positionsUsed() {
                    return conversation.positionsUsed();
                }

                @Override
                public int contextLength() {
                    return conversation.contextLength();
                }

                @Override
                public synchronized void close() {
                    if (!closed) {
                        closed = true;
                        try {
                            conversation.close();
                        } finally {
                            g.inFlight.exit();
                        }
                    }
                }
            };
        }

        /** Consumers never close a model service; the extender frees each generation itself. */
        @Override
        public void close() {
        }

        @Override
        void free(Generation<?> g) {
            ((LanguageModel) g.model).close();
        }
    }
}
