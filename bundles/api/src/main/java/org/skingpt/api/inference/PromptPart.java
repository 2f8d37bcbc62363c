package org.skingpt.api.inference;

import java.util.Objects;

/** One piece of a prompt: text, or the visual tokens of an image spliced in at that place. */
public sealed interface PromptPart permits PromptPart.Text, PromptPart.Image {

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

    static PromptPart text(String text) {
        return new Text(text);
    }

    static PromptPart image(ImageEmbedding embedding) {
        return new Image(embedding);
    }
}
