package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The probe's classifier reads what the features carry, and nothing more. */
class ConceptProbeTest {

    /** Three classes whose means differ along a few of 64 dimensions, in noise. */
    private static void blobs(SplittableRandom random, int n, List<float[]> x, List<Integer> y, boolean labelsFromFeatures) {
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(3);
            float[] v = new float[64];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (random.nextGaussian());
            }
            v[3] += 3 * c;
            v[17] -= 2 * c;
            x.add(v);
            y.add(labelsFromFeatures ? c : random.nextInt(3));
        }
    }

    @Test
    void aClassVisibleInTheFeaturesIsRead() {
        SplittableRandom random = new SplittableRandom(1);
        List<float[]> xTrain = new ArrayList<>();
        List<Integer> yTrain = new ArrayList<>();
        List<float[]> xTest = new ArrayList<>();
        List<Integer> yTest = new ArrayList<>();
        blobs(random, 600, xTrain, yTrain, true);
        blobs(random, 300, xTest, yTest, true);
        double accuracy = ConceptProbe.fitAndTest(xTrain, yTrain, xTest, yTest, 3);
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }

    @Test
    void labelsTheFeaturesDoNotCarryStayAtChance() {
        SplittableRandom random = new SplittableRandom(2);
        List<float[]> xTrain = new ArrayList<>();
        List<Integer> yTrain = new ArrayList<>();
        List<float[]> xTest = new ArrayList<>();
        List<Integer> yTest = new ArrayList<>();
        blobs(random, 600, xTrain, yTrain, false);
        blobs(random, 600, xTest, yTest, false);
        double accuracy = ConceptProbe.fitAndTest(xTrain, yTrain, xTest, yTest, 3);
        assertTrue(accuracy < 0.42, "a probe must not read labels the features do not carry: " + accuracy);
    }
}
