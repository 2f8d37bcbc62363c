package org.skingpt.models.internal;

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
 * The objects registered as model services: they pass everything to the loaded model and count
 * what is in flight, so that withdrawing a model lets its running consultations finish.
 */
final class DrainableModels {

    private DrainableModels() {
    }

    static final class Encoder implements ImageEncoder {
        final ImageEncoder model;
        final InFlight inFlight = new InFlight();

        Encoder(ImageEncoder model) {
            this.model = model;
        }

        @Override
        public ModelDescriptor descriptor() {
            return model.descriptor();
        }

        @Override
        public int imageSize() {
            return model.imageSize();
        }

        @Override
        public int outputTokens() {
            return model.outputTokens();
        }

        @Override
        public int outputWidth() {
            return model.outputWidth();
        }

        @Override
        public ImageEmbedding encode(RgbImage image) {
            inFlight.enter(model.descriptor().coordinates());
            try {
                return model.encode(image);
            } finally {
                inFlight.exit();
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }

    static final class Language implements LanguageModel {
        final LanguageModel model;
        final InFlight inFlight = new InFlight();

        Language(LanguageModel model) {
            this.model = model;
        }

        @Override
        public ModelDescriptor descriptor() {
            return model.descriptor();
        }

        @Override
        public int embeddingWidth() {
            return model.embeddingWidth();
        }

        @Override
        public int contextLength() {
            return model.contextLength();
        }

        @Override
        public int countTokens(String text) {
            return model.countTokens(text);
        }

        /** A conversation counts as in flight from opening to closing: a consultation holds it. */
        @Override
        public Conversation openConversation() {
            inFlight.enter(model.descriptor().coordinates());
            Conversation conversation;
            try {
                conversation = model.openConversation();
            } catch (RuntimeException e) {
                inFlight.exit();
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
                            inFlight.exit();
                        }
                    }
                }
            };
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
