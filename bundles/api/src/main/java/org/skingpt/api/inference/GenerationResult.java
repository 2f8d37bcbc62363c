package org.skingpt.api.inference;

/**
 * One generated answer.
 *
 * @param text             the answer, without any stop string
 * @param promptTokens     positions the new prompt parts took (text tokens plus visual tokens)
 * @param generatedTokens  tokens generated
 * @param stopReason       why generation ended
 * @param prefillNanos     time spent on the prompt, up to the first new token
 * @param decodeNanos      time spent generating after the first token
 * @param largestBatch     the most conversations decoded together in one step of this answer: 1 when
 *                         every token was decoded alone (always so with batching turned off), more when
 *                         the model's decode loop served other conversations in the same steps, 0 when
 *                         no token was decoded after the first
 * @since 0.3 (package {@code org.skingpt.api.inference}): {@code largestBatch}
 */
public record GenerationResult(
        String text,
        int promptTokens,
        int generatedTokens,
        StopReason stopReason,
        long prefillNanos,
        long decodeNanos,
        int largestBatch) {

    /** An answer decoded alone, one conversation per step (as before version 0.3 of this package). */
    public GenerationResult(String text, int promptTokens, int generatedTokens, StopReason stopReason, long prefillNanos,
                            long decodeNanos) {
        this(text, promptTokens, generatedTokens, stopReason, prefillNanos, decodeNanos, generatedTokens > 1 ? 1 : 0);
    }

    /** Whether some step of this answer was decoded together with other conversations. */
    public boolean batched() {
        return largestBatch > 1;
    }
}
