package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skingpt.api.inference.GenerationSettings;

class SamplerTest {

    private final Sampler sampler = new Sampler();

    private static GenerationSettings settings(double temperature, int topK, double topP, double penalty) {
        return new GenerationSettings(10, temperature, topK, topP, penalty, 0, List.of());
    }

    private int[] histogram(float[] logits, GenerationSettings s, int draws) {
        int[] counts = new int[logits.length];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(logits.clone(), new BitSet(), s, random)]++;
        }
        return counts;
    }

    private static float[] logitsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    @Test
    void greedyTakesTheLargestLogit() {
        assertEquals(2, sampler.sample(new float[] {0.1f, -3f, 2.5f, 2.4f}, new BitSet(), settings(0, 0, 1, 1), new SplittableRandom(1)));
    }

    @Test
    void temperatureSamplingFollowsTheDistribution() {
        int[] counts = histogram(logitsOf(0.5, 0.3, 0.2), settings(1, 0, 1, 1), 20_000);
        assertEquals(0.5, counts[0] / 20_000.0, 0.02);
        assertEquals(0.3, counts[1] / 20_000.0, 0.02);
        assertEquals(0.2, counts[2] / 20_000.0, 0.02);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // 0.5 < 0.7, 0.5 + 0.3 >= 0.7: tokens 0 and 1 are kept, renormalised to 5/8 and 3/8.
        int[] counts = histogram(logitsOf(0.5, 0.3, 0.2), settings(1, 0, 0.7, 1), 20_000);
        assertEquals(0, counts[2]);
        assertEquals(0.625, counts[0] / 20_000.0, 0.02);
    }

    @Test
    void topKKeepsTheKMostLikely() {
        int[] counts = histogram(logitsOf(0.1, 0.4, 0.2, 0.3), settings(1, 2, 1, 1), 10_000);
        assertEquals(0, counts[0]);
        assertEquals(0, counts[2]);
        assertEquals(4.0 / 7, counts[1] / 10_000.0, 0.02);
    }

    @Test
    void topPIsAppliedToTheTopKDistribution() {
        // Top-2 gives 0.4/0.7 and 0.3/0.7; top-p 0.5 then keeps only the first.
        int[] counts = histogram(logitsOf(0.1, 0.4, 0.2, 0.3), settings(1, 2, 0.5, 1), 2_000);
        assertEquals(2_000, counts[1]);
    }

    @Test
    void repetitionPenaltyMakesSeenTokensLessLikelyWhateverTheSign() {
        BitSet seen = new BitSet();
        seen.set(0);
        seen.set(1);
        float[] logits = {2f, -1f, 1.5f};
        assertEquals(2, sampler.sample(logits, seen, settings(0, 0, 1, 2.0), new SplittableRandom(1)));
        assertEquals(1f, logits[0]);
        assertEquals(-2f, logits[1]);
    }

    @Test
    void candidateShortcutGivesTheSameDrawsAsSortingEverything() {
        // A peaked distribution (shortcut) and the same shape with a flat tail (full sort) must
        // agree on the kept set: compare against a brute-force nucleus.
        Random r = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            float[] logits = new float[500];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (r.nextGaussian() * (trial % 2 == 0 ? 6 : 0.5));
            }
            double topP = 0.5 + 0.4 * r.nextDouble();
            int topK = trial % 3 == 0 ? 7 : 0;
            boolean[] allowed = bruteForceKept(logits, topK, topP);
            SplittableRandom random = new SplittableRandom(trial);
            for (int i = 0; i < 200; i++) {
                int token = sampler.sample(logits.clone(), new BitSet(), settings(1, topK, topP, 1), random);
                assertTrue(allowed[token], "trial " + trial + " drew " + token);
            }
        }
    }

    private static boolean[] bruteForceKept(float[] logits, int topK, double topP) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int kept = topK > 0 ? topK : logits.length;
        double total = 0;
        for (int j = 0; j < kept; j++) {
            total += Math.exp(logits[order[j]] - logits[order[0]]);
        }
        boolean[] allowed = new boolean[logits.length];
        double cumulative = 0;
        for (int j = 0; j < kept && cumulative < topP * total; j++) {
            allowed[order[j]] = true;
            cumulative += Math.exp(logits[order[j]] - logits[order[0]]);
        }
        return allowed;
    }
}
