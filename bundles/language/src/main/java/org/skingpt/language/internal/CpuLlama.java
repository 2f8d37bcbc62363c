package org.skingpt.language.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The Llama decoder computed in Java on the CPU, from a copy of a loaded {@link LlamaModel}'s
 * weights (the same stacked q/k/v and gate/up matrices, the same query scaling, so both paths hold
 * the same numbers).
 *
 * <p>Why it exists: decoding a token is one matrix-vector product per weight matrix, and through
 * libtorch each of the ~15 operations per layer costs a native call and a tensor allocation. For a
 * small model that overhead is most of the time, and for a large one libtorch's matrix-vector
 * product does not stream weights at the memory's speed. Here each weight is read once per step
 * for all the rows being computed ({@link PackedMatrix}), which also makes batching several
 * conversations in one step cheap.
 *
 * <p>{@link #forward} runs any set of positions of any set of sequences at once: a prompt (many
 * positions of one sequence) or a decode step (one position of each of several sequences). Keys and
 * values of all rows are written first, then each row attends over its own sequence up to its own
 * position, which is the causal mask. Thread-safe: the weights are only read; per-call state lives
 * in the caches passed in. Matrix products (by row blocks) and attention (by rows) are split over
 * {@link DecodeWorkers}.
 */
final class CpuLlama {

    private record Layer(float[] inputNorm, PackedMatrix qkv, PackedMatrix out, float[] postNorm, PackedMatrix gateUp,
                         PackedMatrix down) {
    }

    /** Multiply-adds below which a matrix product stays on the calling thread (about 50 µs of work). */
    private static final long PARALLEL_WORK = 1L << 20;
    /**
     * Multiply-adds of weights below which a whole step (all its rows) stays on the calling thread:
     * handing pieces of a step to a helper costs a wake-up per step (tens of microseconds on a virtual
     * machine), more than a second thread saves on a step this small. The demo model (5 M parameters)
     * decoding one conversation is below it; its batches of two and more, prompts, and the base shape
     * are above.
     */
    private static final long PARALLEL_STEP_WORK = 8L << 20;

    private final LlamaConfig config;
    private final float[] embed;
    private final Layer[] layers;
    private final float[] finalNorm;
    private final PackedMatrix lmHead;
    private final float[] cos;
    private final float[] sin;
    private final DecodeWorkers workers;
    /** Multiply-adds of the weight matrices per row of a step. */
    private final long macsPerRow;

    private CpuLlama(LlamaConfig config, float[] embed, Layer[] layers, float[] finalNorm, PackedMatrix lmHead, int threads,
                     String name) {
        this.config = config;
        this.embed = embed;
        this.layers = layers;
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
        this.workers = new DecodeWorkers(Math.max(1, threads), "skingpt-decode-" + name + "-worker");
        long macs = 0;
        for (PackedMatrix m : matrices()) {
            macs += (long) m.rows() * m.cols();
        }
        this.macsPerRow = macs;
        int hd = config.headDim();
        int positions = config.contextLength();
        // The same float32 angle arithmetic as RotaryEmbedding and the reference.
        int half = hd / 2;
        float[] invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = 1.0f / (float) Math.pow(config.ropeTheta(), (float) (2 * i) / hd);
        }
        this.cos = new float[positions * half];
        this.sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * invFreq[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /** Weights as the model's arrays hold them, copied to the Java heap. */
    record Weights(float[] embed, float[][] inputNorm, float[][] qkv, float[][] out, float[][] postNorm, float[][] gateUp,
                   float[][] down, float[] finalNorm, float[] lmHead) {
    }

    /** Packs the weights for the CPU kernels; the row-major arrays in {@code w} are not kept (except the embeddings). */
    static CpuLlama of(LlamaConfig config, Weights w, int threads) {
        return of(config, w, threads, "model");
    }

    /** As {@link #of(LlamaConfig, Weights, int)}, naming the helper threads after the model. */
    static CpuLlama of(LlamaConfig config, Weights w, int threads, String name) {
        int d = config.hiddenSize();
        int hd = config.headDim();
        int attention = config.numAttentionHeads() * hd;
        int qkvRows = attention + 2 * config.numKeyValueHeads() * hd;
        int ffn = config.intermediateSize();
        Layer[] layers = new Layer[config.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Layer(w.inputNorm()[i], new PackedMatrix(w.qkv()[i], qkvRows, d),
                    new PackedMatrix(w.out()[i], d, attention), w.postNorm()[i], new PackedMatrix(w.gateUp()[i], 2 * ffn, d),
                    new PackedMatrix(w.down()[i], d, ffn));
            w.qkv()[i] = null;
            w.out()[i] = null;
            w.gateUp()[i] = null;
            w.down()[i] = null;
        }
        return new CpuLlama(config, w.embed(), layers, w.finalNorm(), new PackedMatrix(w.lmHead(), config.vocabSize(), d),
                threads, name);
    }

    /**
     * The same packed weights, stepping with another number of threads (for the benchmark that compares thread
     * counts: two loaded copies of a model also differ in where their weights landed in memory, which moved the
     * speed of identical one-thread code by up to 10% between copies). Close it on its own; the weights stay shared.
     */
    CpuLlama withThreads(int threads, String name) {
        return new CpuLlama(config, embed, layers, finalNorm, lmHead, threads, name);
    }

    LlamaConfig config() {
        return config;
    }

    int threads() {
        return workers.threads();
    }

    /** Bytes of weights held (packed matrices, embeddings, norms). */
    long weightBytes() {
        long bytes = (embed.length + finalNorm.length) * 4L + lmHead.bytes();
        for (Layer l : layers) {
            bytes += (l.inputNorm.length + l.postNorm.length) * 4L + l.qkv.bytes() + l.out.bytes() + l.gateUp.bytes()
                    + l.down.bytes();
        }
        return bytes;
    }

    /** The weight matrices a decoding step multiplies by, in order (for the decode profile). */
    List<PackedMatrix> matrices() {
        List<PackedMatrix> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(List.of(l.qkv, l.out, l.gateUp, l.down));
        }
        all.add(lmHead);
        return all;
    }

    /** The embedding of a token, into {@code into}. */
    void embed(long id, float[] into) {
        if (id < 0 || id >= config.vocabSize()) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.vocabSize());
        }
        System.arraycopy(embed, (int) id * config.hiddenSize(), into, 0, config.hiddenSize());
    }

    /** One position to compute: its input embedding, the sequence it belongs to and where in it. */
    record Row(float[] input, CpuKvCache cache, int position) {
    }

    /**
     * Runs the rows through the decoder, storing their keys and values in their caches, and returns
     * the logits of the rows whose {@code wantLogits} flag is set (null for the others).
     *
     * <p>Rows of one sequence must be consecutive positions starting at the cache's length, in
     * order; each cache is {@link CpuKvCache#advanceTo advanced} past its rows at the end.
     */
    float[][] forward(List<Row> rows, boolean[] wantLogits) {
        int n = rows.size();
        int d = config.hiddenSize();
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int hd = config.headDim();
        int qkvWidth = (heads + 2 * kvHeads) * hd;
        int ffn = config.intermediateSize();
        float eps = (float) config.rmsNormEps();
        boolean split = (long) n * macsPerRow >= PARALLEL_STEP_WORK;
        float[][] x = new float[n][];
        float[][] h = new float[n][d];
        float[][] qkv = new float[n][qkvWidth];
        float[][] attended = new float[n][heads * hd];
        float[][] projected = new float[n][d];
        float[][] gateUp = new float[n][2 * ffn];
        float[][] act = new float[n][ffn];
        for (int r = 0; r < n; r++) {
            x[r] = rows.get(r).input().clone();
        }
        for (int li = 0; li < layers.length; li++) {
            Layer layer = layers[li];
            for (int r = 0; r < n; r++) {
                rmsNorm(x[r], layer.inputNorm, eps, h[r]);
            }
            matmul(layer.qkv, h, n, qkv, split);
            for (int r = 0; r < n; r++) {
                Row row = rows.get(r);
                rotate(qkv[r], heads + kvHeads, hd, row.position());
                row.cache().write(li, row.position(), qkv[r], heads * hd, (heads + kvHeads) * hd);
            }
            attendAll(rows, qkv, li, attended, split);
            matmul(layer.out, attended, n, projected, split);
            for (int r = 0; r < n; r++) {
                add(projected[r], x[r]);
                float[] t = x[r];
                x[r] = projected[r];
                projected[r] = t;
                rmsNorm(x[r], layer.postNorm, eps, h[r]);
            }
            matmul(layer.gateUp, h, n, gateUp, split);
            for (int r = 0; r < n; r++) {
                float[] g = gateUp[r];
                float[] a = act[r];
                for (int i = 0; i < ffn; i++) {
                    float gate = g[i];
                    // silu(gate) * up, in the reference's order: sigmoid(gate) * gate * up
                    a[i] = (float) (1.0 / (1.0 + Math.exp(-gate))) * gate * g[ffn + i];
                }
            }
            matmul(layer.down, act, n, projected, split);
            for (int r = 0; r < n; r++) {
                add(projected[r], x[r]);
                float[] t = x[r];
                x[r] = projected[r];
                projected[r] = t;
            }
        }
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            if (r + 1 == n || rows.get(r + 1).cache() != row.cache()) {
                row.cache().advanceTo(row.position() + 1);
            }
        }
        int wanted = 0;
        for (boolean b : wantLogits) {
            wanted += b ? 1 : 0;
        }
        float[][] normed = new float[wanted][d];
        int[] index = new int[wanted];
        for (int r = 0, k = 0; r < n; r++) {
            if (wantLogits[r]) {
                rmsNorm(x[r], finalNorm, eps, normed[k]);
                index[k++] = r;
            }
        }
        float[][] logits = new float[wanted][config.vocabSize()];
        matmul(lmHead, normed, wanted, logits, split);
        float[][] result = new float[n][];
        for (int k = 0; k < wanted; k++) {
            result[index[k]] = logits[k];
        }
        return result;
    }

    /** {@code out[v] = W · in[v]}, the matrix's row blocks split over the workers. */
    private void matmul(PackedMatrix w, float[][] in, int count, float[][] out, boolean split) {
        if (count == 0) {
            return;
        }
        int blocks = w.blocks();
        if (!split || workers.threads() == 1 || blocks < 2 * workers.threads() || (long) w.rows() * w.cols() * count < PARALLEL_WORK) {
            w.multiply(in, count, out, 0, blocks);
            return;
        }
        workers.run((part, parts) -> {
            int chunk = (blocks + parts - 1) / parts;
            int from = part * chunk;
            int to = Math.min(blocks, from + chunk);
            if (from < to) {
                w.multiply(in, count, out, from, to);
            }
        });
    }

    /** Attention of every row, the rows split over the workers when there are several. */
    private void attendAll(List<Row> rows, float[][] qkv, int layer, float[][] attended, boolean split) {
        int n = rows.size();
        if (n < 2 || !split) {
            for (int r = 0; r < n; r++) {
                attend(qkv[r], rows.get(r).cache(), layer, rows.get(r).position() + 1, attended[r]);
            }
            return;
        }
        // One part per row: rows of different context lengths cost very different times, and whichever
        // thread is free takes the next.
        workers.run((part, parts) -> {
            Row row = rows.get(part);
            attend(qkv[part], row.cache(), layer, row.position() + 1, attended[part]);
        }, n);
    }

    /** RMSNorm as the reference computes it: {@code weight * (x * rsqrt(mean(x²) + eps))}. */
    private static void rmsNorm(float[] x, float[] weight, float eps, float[] out) {
        float sumSquares = VectorKernels.dot(x, 0, x, 0, x.length);
        float inverse = (float) (1.0 / Math.sqrt(sumSquares / x.length + eps));
        for (int i = 0; i < x.length; i++) {
            out[i] = weight[i] * (x[i] * inverse);
        }
    }

    private static void add(float[] into, float[] other) {
        for (int i = 0; i < into.length; i++) {
            into[i] += other[i];
        }
    }

    /**
     * Rotates the first {@code rotatedHeads} heads of {@code v} (queries, then keys) by the angles of
     * {@code position}, in the {@code rotate_half} convention.
     */
    private void rotate(float[] v, int rotatedHeads, int hd, int position) {
        int half = hd / 2;
        int base = position * half;
        for (int head = 0; head < rotatedHeads; head++) {
            int o = head * hd;
            for (int i = 0; i < half; i++) {
                float c = cos[base + i];
                float s = sin[base + i];
                float a = v[o + i];
                float b = v[o + half + i];
                v[o + i] = a * c - b * s;
                v[o + half + i] = b * c + a * s;
            }
        }
    }

    /**
     * Attention of one position's (scaled, rotated) queries over keys and values {@code 0 .. length-1}
     * of its sequence; query head {@code h} reads key/value head {@code h / (H / KV)}.
     */
    private void attend(float[] qkv, CpuKvCache cache, int layer, int length, float[] out) {
        int heads = config.numAttentionHeads();
        int group = heads / config.numKeyValueHeads();
        int hd = config.headDim();
        int capacity = cache.capacity();
        int keyStride = cache.keyHeadStride();
        float[] keys = cache.keys(layer);
        float[] values = cache.values(layer);
        float[] scores = new float[length];
        float[] pairScores = group > 1 ? new float[length] : null;
        for (int head = 0; head < heads; ) {
            int kv = head / group;
            int qo = head * hd;
            if (head + 1 < (kv + 1) * group) {
                // Two query heads of one key/value head: the keys and values are read once for both.
                int qo2 = qo + hd;
                VectorKernels.scoresOfPair(qkv, qo, qo2, keys, kv * keyStride, hd, length, scores, pairScores);
                VectorKernels.softmax(scores, length);
                VectorKernels.softmax(pairScores, length);
                VectorKernels.weightedSumOfPair(scores, pairScores, length, values, kv * capacity * hd, hd, out, qo, qo2);
                head += 2;
            } else {
                VectorKernels.scores(qkv, qo, keys, kv * keyStride, hd, length, scores);
                VectorKernels.softmax(scores, length);
                VectorKernels.weightedSum(scores, length, values, kv * capacity * hd, hd, out, qo);
                head++;
            }
        }
    }

    /** Stops the worker threads. */
    void close() {
        workers.close();
    }
}
