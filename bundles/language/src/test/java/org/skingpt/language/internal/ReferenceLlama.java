package org.skingpt.language.internal;

import java.util.Map;

/**
 * A Llama decoder in plain Java with double loops, written from the Hugging Face
 * {@code modeling_llama.py} definitions, to check the tensor implementation against. Slow and
 * obvious on purpose: no cache, no fusing, no batching.
 */
final class ReferenceLlama {

    private final LlamaConfig c;
    private final Map<String, float[]> w;

    ReferenceLlama(LlamaConfig c, Map<String, float[]> weights) {
        this.c = c;
        this.w = weights;
    }

    /** Embedding row of a token. */
    double[] embed(int token) {
        double[] e = new double[c.hiddenSize()];
        float[] table = w.get("model.embed_tokens.weight");
        for (int j = 0; j < e.length; j++) {
            e[j] = table[token * e.length + j];
        }
        return e;
    }

    /** Logits of every position of a whole sequence of input embeddings, causally. */
    double[][] forward(double[][] inputs) {
        int t = inputs.length;
        int d = c.hiddenSize();
        int heads = c.numAttentionHeads();
        int kvHeads = c.numKeyValueHeads();
        int hd = c.headDim();
        double[][] x = new double[t][];
        for (int i = 0; i < t; i++) {
            x[i] = inputs[i].clone();
        }
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "model.layers." + l + ".";
            double[][][] q = new double[t][][];
            double[][][] k = new double[t][][];
            double[][][] v = new double[t][][];
            for (int i = 0; i < t; i++) {
                double[] h = rmsNorm(x[i], w.get(p + "input_layernorm.weight"), c.rmsNormEps());
                q[i] = heads(matVec(w.get(p + "self_attn.q_proj.weight"), h, heads * hd), heads, hd);
                k[i] = heads(matVec(w.get(p + "self_attn.k_proj.weight"), h, kvHeads * hd), kvHeads, hd);
                v[i] = heads(matVec(w.get(p + "self_attn.v_proj.weight"), h, kvHeads * hd), kvHeads, hd);
                for (double[] head : q[i]) {
                    rope(head, i, c.ropeTheta());
                }
                for (double[] head : k[i]) {
                    rope(head, i, c.ropeTheta());
                }
            }
            double[][] attended = attention(q, k, v, 0, true);
            for (int i = 0; i < t; i++) {
                double[] o = matVec(w.get(p + "self_attn.o_proj.weight"), attended[i], d);
                for (int j = 0; j < d; j++) {
                    x[i][j] += o[j];
                }
                double[] h = rmsNorm(x[i], w.get(p + "post_attention_layernorm.weight"), c.rmsNormEps());
                double[] m = swiGlu(h, w.get(p + "mlp.gate_proj.weight"), w.get(p + "mlp.up_proj.weight"),
                        w.get(p + "mlp.down_proj.weight"), c.intermediateSize());
                for (int j = 0; j < d; j++) {
                    x[i][j] += m[j];
                }
            }
        }
        float[] head = c.tieWordEmbeddings() ? w.get("model.embed_tokens.weight") : w.get("lm_head.weight");
        double[][] logits = new double[t][];
        for (int i = 0; i < t; i++) {
            logits[i] = matVec(head, rmsNorm(x[i], w.get("model.norm.weight"), c.rmsNormEps()), c.vocabSize());
        }
        return logits;
    }

    private static double[][] heads(double[] flat, int n, int hd) {
        double[][] out = new double[n][hd];
        for (int h = 0; h < n; h++) {
            System.arraycopy(flat, h * hd, out[h], 0, hd);
        }
        return out;
    }

    /** {@code W x} for W stored row-major as {@code [rows, x.length]}. */
    static double[] matVec(float[] weight, double[] x, int rows) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += weight[r * x.length + j] * x[j];
            }
            y[r] = s;
        }
        return y;
    }

    static double[] rmsNorm(double[] x, float[] weight, double eps) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1.0 / Math.sqrt(ss / x.length + eps);
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            y[j] = x[j] * scale * weight[j];
        }
        return y;
    }

    /** In place: rotate pairs (i, i + hd/2) by position * theta^(-2i/hd). */
    static void rope(double[] head, int position, double theta) {
        int half = head.length / 2;
        for (int i = 0; i < half; i++) {
            double angle = position * Math.pow(theta, -2.0 * i / head.length);
            double a = head[i];
            double b = head[i + half];
            head[i] = a * Math.cos(angle) - b * Math.sin(angle);
            head[i + half] = b * Math.cos(angle) + a * Math.sin(angle);
        }
    }

    /**
     * Attention of queries {@code q[t][H][hd]} (at positions {@code start + t}) over keys and values
     * {@code [L][KV][hd]} at positions {@code 0..L-1}; query head h uses key head h / (H / KV).
     *
     * @return {@code [t][H * hd]}
     */
    static double[][] attention(double[][][] q, double[][][] k, double[][][] v, int start, boolean causal) {
        int t = q.length;
        int heads = q[0].length;
        int hd = q[0][0].length;
        int length = k.length;
        int group = heads / k[0].length;
        double[][] out = new double[t][heads * hd];
        for (int i = 0; i < t; i++) {
            for (int h = 0; h < heads; h++) {
                int kvHead = h / group;
                int visible = causal ? start + i + 1 : length;
                double[] s = new double[visible];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += q[i][h][e] * k[j][kvHead][e];
                    }
                    s[j] = dot / Math.sqrt(hd);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < visible; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j < visible; j++) {
                    for (int e = 0; e < hd; e++) {
                        out[i][h * hd + e] += s[j] / sum * v[j][kvHead][e];
                    }
                }
            }
        }
        return out;
    }

    static double[] swiGlu(double[] x, float[] gate, float[] up, float[] down, int ffn) {
        double[] g = matVec(gate, x, ffn);
        double[] u = matVec(up, x, ffn);
        double[] a = new double[ffn];
        for (int i = 0; i < ffn; i++) {
            a[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
        }
        return matVec(down, a, x.length);
    }
}
