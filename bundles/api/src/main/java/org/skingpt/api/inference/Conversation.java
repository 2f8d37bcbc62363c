package org.skingpt.api.inference;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A dialogue with a language model that keeps its state (the KV cache) between turns, so a
 * follow-up question costs only its own tokens. Not thread-safe: one turn at a time. Close it to
 * free the memory it holds.
 */
@ProviderType
public interface Conversation extends AutoCloseable {

    /**
     * Appends {@code prompt} to the conversation and generates an answer, which is appended too.
     *
     * @throws ContextOverflowException if the prompt plus {@code settings.maxNewTokens()} does not
     *                                  fit in the model's context; nothing is appended then
     */
    GenerationResult generate(Iterable<PromptPart> prompt, GenerationSettings settings, GenerationListener listener);

    /**
     * Appends {@code parts} to the conversation without generating anything: this is how a stored
     * transcript (earlier questions and the answers given to them) is read back into a new
     * conversation, so that a reopened consultation continues where it stopped.
     *
     * @throws ContextOverflowException if the parts do not fit in the model's context; nothing is
     *                                  appended then
     */
    void append(Iterable<PromptPart> parts);

    /** Positions used so far (prompt and answers). */
    int positionsUsed();

    /** The model's context length. */
    int contextLength();

    @Override
    void close();
}
