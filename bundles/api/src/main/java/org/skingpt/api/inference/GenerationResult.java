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
 */
public record GenerationResult(
        String text,
        int promptTokens,
        int generatedTokens,
        StopReason stopReason,
        long prefillNanos,
        long decodeNanos) {
}
