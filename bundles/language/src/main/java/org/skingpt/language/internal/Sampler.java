package org.skingpt.language.internal;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.skingpt.api.inference.GenerationSettings;

/**
 * Picks the next token from logits, in Java, with the semantics of Hugging Face's logits
 * processors in their order: repetition penalty, temperature, top-k, top-p (on the top-k
 * distribution renormalised), then a draw from the seeded generator.
 *
 * <p>Sampling here rather than on the device means one copy of the logits per step and a draw
 * that depends only on the logits and the seed, so the same seed gives the same answer on every
 * run and every engine.
 *
 * <p>Top-k and top-p need the tokens in order of probability. Sorting the whole vocabulary each
 * step is avoided when it can be proven unnecessary: tokens with a weight below {@link #CANDIDATE}
 * times the largest can only be in the kept set if the more likely tokens do not already make up
 * the top-k count or the top-p mass; when they do, only those candidates are sorted, otherwise the
 * whole vocabulary is. The result is the same either way.
 *
 * <p>Not thread-safe; one per conversation (it reuses its buffers).
 */
final class Sampler {

    /** Relative weight below which a token is not a sorting candidate. */
    private static final float CANDIDATE = 1e-4f;

    private float[] weights = new float[0];
    private long[] order = new long[0];

    /**
     * Chooses a token.
     *
     * @param logits   raw logits of the last position; modified (penalty and scaling applied)
     * @param seen     tokens already in the conversation, for the repetition penalty
     * @param settings sampling settings
     * @param random   the seeded generator of this answer
     */
    int sample(float[] logits, BitSet seen, GenerationSettings settings, SplittableRandom random) {
        double penalty = settings.repetitionPenalty();
        if (penalty != 1.0) {
            // As in CTRL and Hugging Face: make a seen token less likely whatever its logit's sign.
            for (int i = seen.nextSetBit(0); i >= 0 && i < logits.length; i = seen.nextSetBit(i + 1)) {
                logits[i] = (float) (logits[i] > 0 ? logits[i] / penalty : logits[i] * penalty);
            }
        }
        int best = argmax(logits);
        if (settings.isGreedy()) {
            return best;
        }
        int vocab = logits.length;
        if (weights.length < vocab) {
            weights = new float[vocab];
            order = new long[vocab];
        }
        // Unnormalised softmax of logits / T: the largest weight is 1.
        double inverseTemperature = 1.0 / settings.temperature();
        float max = logits[best];
        double total = 0;
        for (int i = 0; i < vocab; i++) {
            float w = (float) Math.exp((logits[i] - max) * inverseTemperature);
            weights[i] = w;
            total += w;
        }
        int topK = settings.topK() < vocab ? settings.topK() : 0;
        double topP = settings.topP();
        if (topK == 0 && topP >= 1.0) {
            return draw(random.nextDouble() * total, vocab);
        }
        int kept = sortCandidates(vocab, topK, topP, total);
        // Top-p is measured against the whole distribution, or against the top-k one renormalised.
        double keptMass = total;
        if (topK > 0) {
            kept = topK;
            keptMass = 0;
            for (int j = 0; j < kept; j++) {
                keptMass += weights[tokenAt(j)];
            }
        }
        if (topP < 1.0) {
            // Keep a token while the mass of the more likely ones is below top-p: the smallest set
            // reaching top-p, and never empty.
            double limit = topP * keptMass;
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < kept && cumulative < limit) {
                cumulative += weights[tokenAt(nucleus)];
                nucleus++;
            }
            kept = nucleus;
            keptMass = cumulative;
        }
        double r = random.nextDouble() * keptMass;
        for (int j = 0; j < kept; j++) {
            r -= weights[tokenAt(j)];
            if (r < 0) {
                return tokenAt(j);
            }
        }
        return tokenAt(kept - 1); // rounding left r at or just above zero
    }

    /**
     * Sorts tokens by falling weight (ties: lower id first) into {@link #order}, either only the
     * candidates, when they provably contain everything top-k and top-p can keep, or all tokens.
     *
     * @return how many tokens are sorted
     */
    private int sortCandidates(int vocab, int topK, double topP, double total) {
        int n = 0;
        double candidateMass = 0;
        for (int i = 0; i < vocab; i++) {
            if (weights[i] >= CANDIDATE) {
                order[n++] = key(i);
                candidateMass += weights[i];
            }
        }
        boolean enough = topK > 0 ? n >= topK : candidateMass >= topP * total;
        if (!enough) {
            n = 0;
            for (int i = 0; i < vocab; i++) {
                order[n++] = key(i);
            }
        }
        Arrays.sort(order, 0, n);
        // Ascending keys put the most likely last; reverse so index 0 is the most likely.
        for (int a = 0, b = n - 1; a < b; a++, b--) {
            long tmp = order[a];
            order[a] = order[b];
            order[b] = tmp;
        }
        return n;
    }

    /** Sort key: non-negative float bits order like the floats; the inverted id breaks ties toward low ids. */
    private long key(int token) {
        return ((long) Float.floatToRawIntBits(weights[token]) << 32) | (Integer.MAX_VALUE - token);
    }

    private int tokenAt(int rank) {
        return Integer.MAX_VALUE - (int) (order[rank] & 0xffffffffL);
    }

    private int draw(double r, int vocab) {
        int last = 0;
        for (int i = 0; i < vocab; i++) {
            if (weights[i] > 0) {
                last = i;
                r -= weights[i];
                if (r < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    /** The index of the largest logit (the first of equals): the greedy token. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
