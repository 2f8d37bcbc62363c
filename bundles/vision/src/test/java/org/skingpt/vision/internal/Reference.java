package org.skingpt.vision.internal;

/**
 * Plain-Java, double-precision reference implementations of every layer, written from the PyTorch
 * definitions with explicit loops, independent of DJL. Matrices are {@code [rows][columns]};
 * PyTorch weights are flat row-major {@code float[]} as stored.
 */
final class Reference {

    private Reference() {
    }

    /** {@code nn.Linear}: {@code y[t][o] = b[o] + sum_i x[t][i] * w[o * in + i]}. */
    static double[][] linear(double[][] x, float[] w, float[] b) {
        int in = x[0].length;
        int out = b.length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    sum += x[t][i] * w[o * in + i];
                }
                y[t][o] = sum;
            }
        }
        return y;
    }

    /** {@code nn.LayerNorm} over each row, biased variance. */
    static double[][] layerNorm(double[][] x, float[] gamma, float[] beta, double eps) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int n = x[t].length;
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= n;
            double variance = 0;
            for (double v : x[t]) {
                variance += (v - mean) * (v - mean);
            }
            variance /= n;
            y[t] = new double[n];
            for (int i = 0; i < n; i++) {
                y[t][i] = (x[t][i] - mean) / Math.sqrt(variance + eps) * gamma[i] + beta[i];
            }
        }
        return y;
    }

    static double[][] gelu(double[][] x) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = new double[x[t].length];
            for (int i = 0; i < x[t].length; i++) {
                y[t][i] = x[t][i] * 0.5 * (1 + erf(x[t][i] / Math.sqrt(2)));
            }
        }
        return y;
    }

    /** Error function: Maclaurin series below |x| = 4 (error ~1e-11), asymptotic erfc above. */
    static double erf(double x) {
        double a = Math.abs(x);
        double result;
        if (a < 4) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 120; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double x2 = a * a;
            result = 1 - Math.exp(-x2) / (a * Math.sqrt(Math.PI)) * (1 - 1 / (2 * x2) + 3 / (4 * x2 * x2));
        }
        return Math.signum(x) * result;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) {
                y[t][i] = a[t][i] + b[t][i];
            }
        }
        return y;
    }

    /** Unmasked multi-head attention, softmax(q k^T / sqrt(d)) v per head, heads concatenated. */
    static double[][] attention(double[][] q, double[][] k, double[][] v, int heads) {
        int width = q[0].length;
        int d = width / heads;
        double[][] out = new double[q.length][width];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < q.length; i++) {
                double[] scores = new double[k.length];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k.length; j++) {
                    double s = 0;
                    for (int e = 0; e < d; e++) {
                        s += q[i][h * d + e] * k[j][h * d + e];
                    }
                    scores[j] = s / Math.sqrt(d);
                    max = Math.max(max, scores[j]);
                }
                double total = 0;
                for (int j = 0; j < k.length; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    total += scores[j];
                }
                for (int j = 0; j < k.length; j++) {
                    for (int e = 0; e < d; e++) {
                        out[i][h * d + e] += scores[j] / total * v[j][h * d + e];
                    }
                }
            }
        }
        return out;
    }

    /** EVA attention: fused qkv weight, bias = cat(q_bias, 0, v_bias), then proj. */
    static double[][] evaAttention(double[][] x, float[] qkvWeight, float[] qBias, float[] vBias, float[] projWeight,
                                   float[] projBias, int heads) {
        int w = x[0].length;
        float[] bias = new float[3 * w];
        System.arraycopy(qBias, 0, bias, 0, w);
        System.arraycopy(vBias, 0, bias, 2 * w, w);
        double[][] qkv = linear(x, qkvWeight, bias);
        double[][] q = new double[x.length][w];
        double[][] k = new double[x.length][w];
        double[][] v = new double[x.length][w];
        for (int t = 0; t < x.length; t++) {
            System.arraycopy(qkv[t], 0, q[t], 0, w);
            System.arraycopy(qkv[t], w, k[t], 0, w);
            System.arraycopy(qkv[t], 2 * w, v[t], 0, w);
        }
        return linear(attention(q, k, v, heads), projWeight, projBias);
    }

    /** Conv2d with kernel = stride = patch over a CHW image: one row per patch, row-major patches. */
    static double[][] patchEmbed(float[] chw, int size, float[] weight, float[] bias, int patch) {
        int grid = size / patch;
        int width = bias.length;
        double[][] out = new double[grid * grid][width];
        for (int gy = 0; gy < grid; gy++) {
            for (int gx = 0; gx < grid; gx++) {
                for (int o = 0; o < width; o++) {
                    double sum = bias[o];
                    for (int c = 0; c < 3; c++) {
                        for (int ky = 0; ky < patch; ky++) {
                            for (int kx = 0; kx < patch; kx++) {
                                sum += weight[((o * 3 + c) * patch + ky) * patch + kx]
                                        * chw[(c * size + gy * patch + ky) * size + gx * patch + kx];
                            }
                        }
                    }
                    out[gy * grid + gx][o] = sum;
                }
            }
        }
        return out;
    }

    static double[][] rows(float[] flat, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                m[r][c] = flat[r * columns + c];
            }
        }
        return m;
    }

    static float[] flat(double[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) {
                f[r * m[r].length + c] = (float) m[r][c];
            }
        }
        return f;
    }
}
