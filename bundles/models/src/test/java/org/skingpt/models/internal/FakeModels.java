package org.skingpt.models.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelLoadException;

/** Architecture factories and models without tensors: they record what was built, used and closed. */
final class FakeModels {

    private FakeModels() {
    }

    static final class Encoder implements ImageEncoder {
        final ModelDescriptor descriptor;
        final EncoderFactory factory;
        final int width;
        final AtomicInteger encodes = new AtomicInteger();
        volatile boolean closed;

        Encoder(ModelDescriptor descriptor, EncoderFactory factory, int width) {
            this.descriptor = descriptor;
            this.factory = factory;
            this.width = width;
        }

        @Override
        public ModelDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public int imageSize() {
            return 2;
        }

        @Override
        public int outputTokens() {
            return 1;
        }

        @Override
        public int outputWidth() {
            return width;
        }

        @Override
        public ImageEmbedding encode(RgbImage image) {
            if (closed) {
                throw new IllegalStateException("encode on a closed model");
            }
            encodes.incrementAndGet();
            float[] values = new float[width];
            return new ImageEmbedding() {
                @Override
                public int tokens() {
                    return 1;
                }

                @Override
                public int width() {
                    return width;
                }

                @Override
                public float[] toArray() {
                    return values;
                }
            };
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class EncoderFactory implements ImageEncoderFactory {
        final String architecture;
        final String name;
        final List<Encoder> built = new CopyOnWriteArrayList<>();
        volatile int width = 8;
        volatile RuntimeException failure;
        /** Runs inside {@link #load}, e.g. to update the architecture's bundle meanwhile. */
        volatile Runnable duringLoad;

        EncoderFactory(String architecture, String name) {
            this.architecture = architecture;
            this.name = name;
        }

        @Override
        public String architecture() {
            return architecture;
        }

        @Override
        public ImageEncoder load(ModelDescriptor descriptor, List<Path> weightFiles, String device) {
            Runnable hook = duringLoad;
            if (hook != null) {
                hook.run();
            }
            if (failure != null) {
                throw failure;
            }
            Encoder e = new Encoder(descriptor, this, width);
            built.add(e);
            return e;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class Language implements LanguageModel {
        final ModelDescriptor descriptor;
        final LanguageFactory factory;
        final AtomicInteger openConversations = new AtomicInteger();
        final AtomicInteger generated = new AtomicInteger();
        volatile boolean closed;

        Language(ModelDescriptor descriptor, LanguageFactory factory) {
            this.descriptor = descriptor;
            this.factory = factory;
        }

        @Override
        public ModelDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public int embeddingWidth() {
            return factory.width;
        }

        @Override
        public int contextLength() {
            return 64;
        }

        @Override
        public Conversation openConversation() {
            if (closed) {
                throw new IllegalStateException("conversation on a closed model");
            }
            openConversations.incrementAndGet();
            return new Conversation() {
                @Override
                public GenerationResult generate(Iterable<PromptPart> prompt, GenerationSettings settings, GenerationListener listener) {
                    if (closed) {
                        throw new IllegalStateException("generate on a closed model");
                    }
                    generated.incrementAndGet();
                    return new GenerationResult(factory.name, 1, 1, StopReason.MAX_TOKENS, 0, 0);
                }

                @Override
                public void append(Iterable<PromptPart> parts) {
                }

                @Override
                public int positionsUsed() {
                    return 0;
                }

                @Override
                public int contextLength() {
                    return 64;
                }

                @Override
                public void close() {
                    openConversations.decrementAndGet();
                }
            };
        }

        @Override
        public int countTokens(String text) {
            return text.length();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class LanguageFactory implements LanguageModelFactory {
        final String architecture;
        final String name;
        final List<Language> built = new CopyOnWriteArrayList<>();
        volatile int width = 8;

        LanguageFactory(String architecture, String name) {
            this.architecture = architecture;
            this.name = name;
        }

        @Override
        public String architecture() {
            return architecture;
        }

        @Override
        public LanguageModel load(ModelDescriptor descriptor, List<Path> weightFiles, Path tokenizer, String device) {
            if (!tokenizer.toFile().isFile()) {
                throw new ModelLoadException("no tokenizer at " + tokenizer);
            }
            Language l = new Language(descriptor, this);
            built.add(l);
            return l;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
