package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import org.skingpt.api.model.ModelLoadException;

/**
 * Maps Q-Former outputs to the language model's width: MiniGPT-4's single {@code llama_proj}
 * linear layer, or a LLaVA-style linear-GELU-linear ({@code llama_proj.0}, {@code llama_proj.2}).
 */
final class Projection {

    private final Dense first;
    /** Null for the linear projector. */
    private final Dense second;

    private Projection(Dense first, Dense second) {
        this.first = first;
        this.second = second;
    }

    /**
     * Reads the projector; its output width is {@code llm_width} when stated, else the stored
     * weight's first dimension.
     */
    static Projection load(Parameters p, VisionConfig c) {
        long in = c.qformerWidth();
        return switch (c.projector()) {
            case LINEAR -> {
                long out = outputWidth(p, c, "llama_proj.weight");
                yield new Projection(Dense.load(p, "llama_proj", out, in), null);
            }
            case MLP2X_GELU -> {
                long out = outputWidth(p, c, "llama_proj.0.weight");
                yield new Projection(Dense.load(p, "llama_proj.0", out, in), Dense.load(p, "llama_proj.2", out, out));
            }
        };
    }

    private static long outputWidth(Parameters p, VisionConfig c, String weight) {
        if (c.llmWidth().isPresent()) {
            return c.llmWidth().getAsInt();
        }
        return p.shapeOf(weight).filter(s -> s.length == 2).map(s -> s[0]).orElseThrow(() -> new ModelLoadException(
                "Missing tensor '" + weight + "' (2-D, [llm_width, qformer_width]) for projector '" + c.projector().key()
                        + "'; it also gives llm_width, which the hyper-parameters do not state."));
    }

    /** Output width, the language model's embedding width. */
    int outputWidth() {
        return (int) (second == null ? first : second).out();
    }

    /** {@code [T, qformerWidth]} to {@code [T, outputWidth]}, in {@code x}'s manager. */
    NDArray forward(NDArray x) {
        NDArray y = first.apply(x);
        return second == null ? y : second.apply(Ops.gelu(y));
    }
}
