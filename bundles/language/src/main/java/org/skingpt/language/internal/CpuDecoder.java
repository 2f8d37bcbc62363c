package org.skingpt.language.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder in Java on the CPU ({@link CpuLlama}): prompts per conversation, decode steps either
 * per conversation or, with batching on, through the model's {@link DecodeLoop}.
 */
final class CpuDecoder implements Decoder {

    private final CpuLlama model;
    private final DecodeLoop loop;
    private final int maxBatch;

    /**
     * @param maxBatch most conversations per decode step; 1 turns batching off (each conversation
     *                 decodes on its own thread, as an exact replay wants)
     */
    CpuDecoder(CpuLlama model, int maxBatch, String name) {
        this.model = model;
        this.maxBatch = Math.max(1, maxBatch);
        this.loop = this.maxBatch > 1 ? new DecodeLoop(model, this.maxBatch, name) : null;
    }

    @Override
    public LlamaConfig config() {
        return model.config();
    }

    @Override
    public Session open() {
        return new CpuSession();
    }

    @Override
    public String describe() {
        return "java (Vector API, " + VectorKernels.SPECIES.length() + " floats per register, " + model.threads()
                + " thread(s), " + (loop == null ? "batching off" : "batching up to " + maxBatch + " conversations per step")
                + ")";
    }

    /** Decode steps and conversation-steps so far; zeros without batching. */
    long[] counters() {
        return loop == null ? new long[2] : loop.counters();
    }

    /** Average conversations per decode step so far; 0 without batching. */
    double averageBatch() {
        return loop == null ? 0 : loop.averageBatch();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        model.close();
    }

    private final class CpuSession implements Session {

        private final LlamaConfig config = model.config();
        private final CpuKvCache cache = new CpuKvCache(config.numHiddenLayers(), config.numKeyValueHeads(),
                config.headDim(), config.contextLength());
        private int lastBatch = 1;

        @Override
        public int length() {
            return cache.length();
        }

        @Override
        public void reserve(int positions) {
            cache.reserve(positions);
        }

        @Override
        public float[] prefill(List<PromptSegment> segments) {
            int d = config.hiddenSize();
            List<CpuLlama.Row> rows = new ArrayList<>();
            int position = cache.length();
            for (PromptSegment s : segments) {
                for (int i = 0; i < s.tokens(); i++) {
                    float[] input = new float[d];
                    if (s.ids() != null) {
                        model.embed(s.ids()[i], input);
                    } else {
                        System.arraycopy(s.image(), i * d, input, 0, d);
                    }
                    rows.add(new CpuLlama.Row(input, cache, position++));
                }
            }
            boolean[] want = new boolean[rows.size()];
            want[rows.size() - 1] = true;
            return model.forward(rows, want)[rows.size() - 1];
        }

        @Override
        public float[] step(long token) {
            float[] input = new float[config.hiddenSize()];
            model.embed(token, input);
            if (loop == null) {
                lastBatch = 1;
                return model.forward(List.of(new CpuLlama.Row(input, cache, cache.length())), new boolean[] {true})[0];
            }
            DecodeLoop.Step step = loop.step(input, cache);
            lastBatch = step.batch();
            return step.logits();
        }

        @Override
        public void rewind(int length) {
            cache.rewind(length);
        }

        @Override
        public int lastStepBatch() {
            return lastBatch;
        }

        @Override
        public void endTurn() {
            if (loop != null) {
                loop.leave(cache);
            }
        }

        @Override
        public void close() {
            endTurn();
            cache.clear();
        }
    }
}
