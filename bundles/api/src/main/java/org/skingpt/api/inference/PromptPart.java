package org.skingpt.api.inference;

import java.util.Objects;

/**
 * One piece of a prompt: text, the visual tokens of an image spliced in at that place, or the model's end-of-sequence
 * token where a transcript read back had one.
 */
public sealed interface PromptPart permits PromptPart.Text, PromptPart.Image, PromptPart.EndOfSequence {

    /** Text, tokenized by the language model's tokenizer. */
    record Text(String text) implements PromptPart {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Visual tokens of an image, inserted as embeddings where they stand. */
    record Image(ImageEmbedding embedding) implements PromptPart {
        public Image {
            Objects.requireNonNull(embedding, "embedding");
        }
    }

    /**
     * The language model's end-of-sequence token (its first, when it has several), as a conversation holds it after an
     * answer that ended with it ({@link StopReason#END_OF_SEQUENCE}). Only for reading a transcript back with
     * {@link Conversation#append}: the answer's text alone does not say that the model ended it, and a conversation
     * rebuilt without the token would not be the one that wrote the answers (the next answer could differ).
     */
    record EndOfSequence() implements PromptPart {
    }

    static PromptPart text(String text) {
        return new Text(text);
    }

    static PromptPart image(ImageEmbedding embedding) {
        return new Image(embedding);
    }

    static PromptPart endOfSequence() {
        return new EndOfSequence();
    }
}
