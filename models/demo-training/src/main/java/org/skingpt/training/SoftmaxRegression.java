package org.skingpt.training;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multinomial logistic regression on standardised features, fitted by seeded mini-batch Adam with its L2 weight
 * chosen on a held-back fifth of the training rows: the linear probes of {@link ConceptProbe}, and the encoder's
 * finding heads ({@link FindingHeadTrainer}), which keep it as one linear layer ({@link #weights()}, {@link #bias()}).
 */
final class SoftmaxRegression {

    /** Weights on standardised features plus a bias column, {@code [k][d + 1]}. */
    private final float[][] w;
    private final double[] mu;
    private final double[] sd;

    private SoftmaxRegression(float[][] w, double[] mu, double[] sd) {
        this.w = w;
        this.mu = mu;
        this.sd = sd;
    }

    /**
     * @param x rows of {@code d} features
     * @param y each row's class, 0 to {@code k - 1}
     * @param k number of classes
     */
    static SoftmaxRegression fit(List<float[]> x, List<Integer> y, int k) {
        int d = x.get(0).length;
        double[] mu = new double[d];
        double[] sd = new double[d];
        for (float[] r : x) {
            for (int j = 0; j < d; j++) {
                mu[j] += r[j] / x.size();
            }
        }
        for (float[] r : x) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mu[j]) * (r[j] - mu[j]) / x.size();
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j]) + 1e-6;
        }
        float[][] train = standardize(x, mu, sd);
        int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
        int fit = train.length * 4 / 5;
        double bestLambda = 0;
        double bestValidation = -1;
        for (double lambda : new double[] {1e-4, 1e-3, 1e-2, 1e-1}) {
            float[][] w = train(Arrays.copyOf(train, fit), Arrays.copyOf(labels, fit), k, lambda);
            double v = accuracy(w, Arrays.copyOfRange(train, fit, train.length), Arrays.copyOfRange(labels, fit, labels.length));
            if (v > bestValidation) {
                bestValidation = v;
                bestLambda = lambda;
            }
        }
        return new SoftmaxRegression(train(train, labels, k, bestLambda), mu, sd);
    }

    /** The share of rows whose likeliest class is theirs. */
    double accuracy(List<float[]> x, List<Integer> y) {
        return accuracy(w, standardize(x, mu, sd), y.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The likeliest class of one row. */
    int predict(float[] x) {
        double[] p = new double[w.length];
        softmax(w, standardize(List.of(x), mu, sd)[0], p);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            best = p[c] > p[best] ? c : best;
        }
        return best;
    }

    /** The same function as one linear layer on the raw features: {@code [k][d]}, PyTorch's {@code nn.Linear} order. */
    float[][] weights() {
        float[][] out = new float[w.length][mu.length];
        for (int c = 0; c < w.length; c++) {
            for (int j = 0; j < mu.length; j++) {
                out[c][j] = (float) (w[c][j] / sd[j]);
            }
        }
        return out;
    }

    /** The linear layer's bias, {@code [k]} (see {@link #weights()}). */
    float[] bias() {
        float[] out = new float[w.length];
        for (int c = 0; c < w.length; c++) {
            double b = w[c][mu.length];
            for (int j = 0; j < mu.length; j++) {
                b -= w[c][j] * mu[j] / sd[j];
            }
            out[c] = (float) b;
        }
        return out;
    }

    private static float[][] standardize(List<float[]> xs, double[] mu, double[] sd) {
        float[][] out = new float[xs.size()][];
        for (int i = 0; i < xs.size(); i++) {
            float[] x = xs.get(i);
            float[] s = new float[x.length + 1];
            for (int j = 0; j < x.length; j++) {
                s[j] = (float) ((x[j] - mu[j]) / sd[j]);
            }
            s[x.length] = 1f; // bias
            out[i] = s;
        }
        return out;
    }

    /**
     * Mini-batch Adam on the mean cross-entropy plus {@code lambda/2 |w|^2}, seeded: at least 40 passes and 2,000
     * updates (a small set needs more passes to converge; measured by the unit test's separable classes).
     */
    private static float[][] train(float[][] x, int[] y, int k, double lambda) {
        int d = x[0].length;
        float[][] w = new float[k][d];
        float[][] m1 = new float[k][d];
        float[][] m2 = new float[k][d];
        SplittableRandom random = new SplittableRandom(23);
        int[] order = java.util.stream.IntStream.range(0, x.length).toArray();
        int batch = 64;
        double lr = 1e-2;
        int batches = (x.length + batch - 1) / batch;
        int epochs = Math.max(40, (2_000 + batches - 1) / batches);
        int step = 0;
        double[] p = new double[k];
        float[][] g = new float[k][d];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < order.length; from += batch) {
                int to = Math.min(order.length, from + batch);
                for (float[] row : g) {
                    java.util.Arrays.fill(row, 0f);
                }
                for (int b = from; b < to; b++) {
                    float[] xi = x[order[b]];
                    softmax(w, xi, p);
                    for (int c = 0; c < k; c++) {
                        float coef = (float) ((p[c] - (y[order[b]] == c ? 1 : 0)) / (to - from));
                        float[] gc = g[c];
                        for (int j = 0; j < d; j++) {
                            gc[j] += coef * xi[j];
                        }
                    }
                }
                step++;
                double c1 = 1 - Math.pow(0.9, step);
                double c2 = 1 - Math.pow(0.999, step);
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        float gj = g[c][j] + (float) lambda * w[c][j];
                        m1[c][j] = 0.9f * m1[c][j] + 0.1f * gj;
                        m2[c][j] = 0.999f * m2[c][j] + 0.001f * gj * gj;
                        w[c][j] -= (float) (lr * (m1[c][j] / c1) / (Math.sqrt(m2[c][j] / c2) + 1e-8));
                    }
                }
            }
        }
        return w;
    }

    private static void softmax(float[][] w, float[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = 0;
            float[] wc = w[c];
            for (int j = 0; j < x.length; j++) {
                z += wc[j] * x[j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }

    private static double accuracy(float[][] w, float[][] x, int[] y) {
        double[] p = new double[w.length];
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            softmax(w, x[i], p);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            right += best == y[i] ? 1 : 0;
        }
        return right / (double) x.length;
    }
}
