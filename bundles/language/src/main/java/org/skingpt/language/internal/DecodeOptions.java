package org.skingpt.language.internal;

import java.util.Locale;

/**
 * How the language models of this bundle decode (configuration {@code org.skingpt.language}).
 *
 * @param path     {@code auto}: the Java CPU decoder when the model runs on the CPU, computes in float32,
 *                 the Vector API is available and the weights fit comfortably in the heap (a quarter of
 *                 it), otherwise libtorch; {@code java}: the Java CPU decoder (refused with a message
 *                 when impossible); {@code djl}: always libtorch
 * @param maxBatch most conversations per decode step of the Java decoder; 1 turns batching off
 *                 (for exact replays: each conversation then decodes alone on its own thread)
 * @param threads  threads for one step's matrix products; 0: the runtime's intra-op thread count
 */
public record DecodeOptions(String path, int maxBatch, int threads) {

    /** libtorch only, no batching: what the model did before the Java decoder existed. */
    public static final DecodeOptions LIBTORCH = new DecodeOptions("djl", 1, 1);

    public DecodeOptions {
        path = path == null ? "auto" : path.trim().toLowerCase(Locale.ROOT);
        if (!path.equals("auto") && !path.equals("java") && !path.equals("djl")) {
            throw new IllegalArgumentException("decoder '" + path + "' is not known; use auto, java or djl");
        }
        if (maxBatch < 1 || maxBatch > 256) {
            throw new IllegalArgumentException("maxBatch must be between 1 and 256 (1 turns batching off), not " + maxBatch);
        }
        if (threads < 0 || threads > 256) {
            throw new IllegalArgumentException("decodeThreads must be between 0 (the runtime's thread count) and 256, not "
                    + threads);
        }
    }

    /** The Java decoder with batching up to {@code maxBatch} on {@code threads} threads. */
    public static DecodeOptions java(int maxBatch, int threads) {
        return new DecodeOptions("java", maxBatch, threads);
    }
}
