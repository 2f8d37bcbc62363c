package org.skingpt.api.inference;

import java.util.List;

/**
 * How to sample an answer. Sampling with the same seed, prompt and model gives the same text.
 *
 * @param maxNewTokens      most tokens to generate (SkinGPT-4: 300)
 * @param temperature       0 means greedy; otherwise logits are divided by it (SkinGPT-4: 1.0)
 * @param topK              keep only the k most likely tokens; 0 disables
 * @param topP              nucleus sampling threshold in (0, 1]; 1 disables (SkinGPT-4: 0.9)
 * @param repetitionPenalty penalty for tokens already in the conversation; 1 disables
 * @param seed              seed of the sampler
 * @param stopStrings       generation stops before any of these (SkinGPT-4: {@code ###})
 * @param consistency       phrases the answer may not start because the conversation stated otherwise
 *                          ({@link ConsistencyConstraint#NONE}: none)
 */
public record GenerationSettings(
        int maxNewTokens,
        double temperature,
        int topK,
        double topP,
        double repetitionPenalty,
        long seed,
        List<String> stopStrings,
        ConsistencyConstraint consistency) {

    /** Settings without a consistency constraint. */
    public GenerationSettings(int maxNewTokens, double temperature, int topK, double topP, double repetitionPenalty,
                              long seed, List<String> stopStrings) {
        this(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stopStrings, ConsistencyConstraint.NONE);
    }

    public GenerationSettings {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetitionPenalty must be > 0, got " + repetitionPenalty);
        }
        stopStrings = List.copyOf(stopStrings == null ? List.of() : stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
        consistency = consistency == null ? ConsistencyConstraint.NONE : consistency;
    }

    /** The settings of the SkinGPT-4 reference demo, but seeded. */
    public static GenerationSettings skinGpt4Defaults(long seed) {
        return new GenerationSettings(300, 1.0, 0, 0.9, 1.0, seed, List.of("###"));
    }

    /** Deterministic decoding: always the most likely token. */
    public static GenerationSettings greedy(int maxNewTokens, List<String> stopStrings) {
        return new GenerationSettings(maxNewTokens, 0.0, 0, 1.0, 1.0, 0L, stopStrings);
    }

    /** The same settings with another consistency constraint. */
    public GenerationSettings withConsistency(ConsistencyConstraint constraint) {
        return new GenerationSettings(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stopStrings,
                constraint);
    }

    public boolean isGreedy() {
        return temperature == 0.0;
    }
}
