package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * One pre-norm block of EVA's ViT as LAVIS builds it for BLIP-2 ({@code eva_vit.Block}, no layer
 * scale, no relative position bias): {@code x + attn(norm1(x))}, then {@code x + mlp(norm2(x))}.
 *
 * <p>EVA's attention has a fused {@code qkv} projection with biases for queries and values only;
 * the key bias is fixed at zero ({@code qkv_bias = cat(q_bias, zeros, v_bias)}), which is built once
 * here.
 */
final class EvaBlock {

    private final Norm norm1;
    private final Dense qkv;
    private final Dense proj;
    private final Norm norm2;
    private final Dense fc1;
    private final Dense fc2;
    private final int heads;

    EvaBlock(Norm norm1, Dense qkv, Dense proj, Norm norm2, Dense fc1, Dense fc2, int heads) {
        this.norm1 = norm1;
        this.qkv = qkv;
        this.proj = proj;
        this.norm2 = norm2;
        this.fc1 = fc1;
        this.fc2 = fc2;
        this.heads = heads;
    }

    /** Reads block {@code index} ({@code visual_encoder.blocks.<index>.*}). */
    static EvaBlock load(Parameters p, int index, VisionConfig c) {
        String prefix = "visual_encoder.blocks." + index;
        long w = c.vitWidth();
        return new EvaBlock(
                Norm.load(p, prefix + ".norm1", w, c.layerNormEps()),
                loadQkv(p, prefix + ".attn", w),
                Dense.load(p, prefix + ".attn.proj", w, w),
                Norm.load(p, prefix + ".norm2", w, c.layerNormEps()),
                Dense.load(p, prefix + ".mlp.fc1", c.vitMlpWidth(), w),
                Dense.load(p, prefix + ".mlp.fc2", w, c.vitMlpWidth()),
                c.vitHeads());
    }

    static Dense loadQkv(Parameters p, String prefix, long width) {
        NDArray weight = p.get(prefix + ".qkv.weight", 3 * width, width);
        try (NDArray qBias = p.get(prefix + ".q_bias", width);
             NDArray vBias = p.get(prefix + ".v_bias", width);
             NDArray kBias = p.owner().zeros(new Shape(width), qBias.getDataType())) {
            return new Dense(weight, NDArrays.concat(new NDList(qBias, kBias, vBias)));
        }
    }

    /** {@code x [T, width]} to {@code [T, width]}. */
    NDArray forward(NDArray x) {
        NDArray h = x.add(attention(norm1.apply(x)));
        return h.add(mlp(norm2.apply(h)));
    }

    NDArray attention(NDArray x) {
        NDList qkvParts = qkv.apply(x).split(3, 1);
        return proj.apply(Ops.attention(qkvParts.get(0), qkvParts.get(1), qkvParts.get(2), heads));
    }

    NDArray mlp(NDArray x) {
        return fc2.apply(Ops.gelu(fc1.apply(x)));
    }
}
