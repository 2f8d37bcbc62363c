package org.skingpt.api.inference;

import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.model.ModelDescriptor;

/** Language side of the model: a Llama-family decoder with its tokenizer. Thread-safe. */
@ConsumerType
public interface LanguageModel extends AutoCloseable {

    /** The model this decoder runs. */
    ModelDescriptor descriptor();

    /** Width of the token embeddings; visual tokens must have this width. */
    int embeddingWidth();

    /** Maximum positions of one conversation. */
    int contextLength();

    /** Starts an empty conversation. */
    Conversation openConversation();

    /** Number of tokens {@code text} encodes to (without special tokens). */
    int countTokens(String text);

    /** Frees the model's native memory. Call only when no consultation uses it any more. */
    @Override
    void close();
}
