package org.skingpt.language.internal;

/**
 * How a {@link LlamaLanguageModel} computes: through libtorch ({@link DjlDecoder}, any device) or in
 * Java on the CPU ({@link CpuDecoder}, with batched decoding). Conversations see only
 * {@link Session}s.
 */
interface Decoder extends AutoCloseable {

    LlamaConfig config();

    /** A new, empty sequence. */
    Session open();

    /** What computes, for logs and status: {@code djl} or {@code java}, with details. */
    String describe();

    @Override
    void close();

    /** The decoder state of one conversation: its KV cache. Not thread-safe; one turn at a time. */
    interface Session extends AutoCloseable {

        /** Positions processed so far. */
        int length();

        /** Makes room for {@code positions} positions in total. */
        void reserve(int positions);

        /** Runs prompt segments after what is stored; returns the float32 logits of the last position. */
        float[] prefill(java.util.List<PromptSegment> segments);

        /** Runs one generated token; returns the logits of its position. */
        float[] step(long token);

        /**
         * Forgets the positions from {@code length} on, as if they had never been run: a look-ahead that was not
         * taken. Their cache entries are overwritten by the next steps; nothing beyond the length is ever read.
         *
         * @throws IllegalArgumentException if {@code length} is negative or more than {@link #length()}
         */
        void rewind(int length);

        /** How many conversations shared the last {@link #step} (1 when alone). */
        int lastStepBatch();

        /** The turn has ended: a decode loop stops waiting for this conversation. */
        void endTurn();

        /** Frees the cache. */
        @Override
        void close();
    }
}
