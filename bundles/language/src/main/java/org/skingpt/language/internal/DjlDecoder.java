package org.skingpt.language.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** The decoder through libtorch ({@link LlamaModel}): any device, one conversation per step. */
final class DjlDecoder implements Decoder {

    private final LlamaModel model;

    DjlDecoder(LlamaModel model) {
        this.model = model;
    }

    LlamaModel model() {
        return model;
    }

    @Override
    public LlamaConfig config() {
        return model.config();
    }

    @Override
    public Session open() {
        return new DjlSession(model);
    }

    @Override
    public String describe() {
        return "djl (libtorch on " + model.device() + ", " + model.computeType() + ")";
    }

    @Override
    public void close() {
        model.close();
    }

    /** A conversation's cache in a sub-manager of the weights' manager. */
    static final class DjlSession implements Session {

        private final LlamaModel model;
        private final NDManager manager;
        private final KvCache cache;

        DjlSession(LlamaModel model) {
            this.model = model;
            this.manager = model.manager().newSubManager();
            this.cache = model.newCache(manager);
        }

        NDManager manager() {
            return manager;
        }

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
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDList parts = new NDList(segments.size());
                for (PromptSegment s : segments) {
                    if (s.ids() != null) {
                        parts.add(model.embed(s.ids(), manager));
                    } else {
                        NDArray image = manager.create(s.image(), new Shape(s.tokens(), s.image().length / s.tokens()));
                        parts.add(image.toType(model.computeType(), false));
                    }
                }
                NDArray inputs = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
                return model.forward(inputs, cache, false);
            }
        }

        @Override
        public float[] step(long token) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                return model.forward(model.embed(new long[] {token}, manager), cache, false);
            }
        }

        @Override
        public void rewind(int length) {
            cache.rewind(length);
        }

        @Override
        public int lastStepBatch() {
            return 1;
        }

        @Override
        public void endTurn() {
        }

        @Override
        public void close() {
            cache.close();
            manager.close();
        }
    }
}
