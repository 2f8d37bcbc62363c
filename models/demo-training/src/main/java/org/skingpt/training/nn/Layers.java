package org.skingpt.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * Batched, differentiable versions of the tensor functions the inference bundles run one image or
 * one sequence at a time ({@code org.skingpt.vision.internal.Ops}, {@code LlamaLayers}). Same
 * mathematics and parameter layouts (PyTorch {@code [out, in]} weights, exact erf GELU, Hugging Face
 * {@code rotate_half} rotary embeddings); the trained weights are checked against the inference code
 * by {@code InferenceParityTest}. Activations carry a leading batch axis: {@code [B, T, width]}.
 *
 * <p>Activations always come first in an operation, so every result belongs to the activation's
 * manager (the training step's scope), never to the parameters'.
 */
public final class Layers {

    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));

    private Layers() {
    }

    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    public static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, float eps) {
        return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, eps).singletonOrThrow();
    }

    /** Exact GELU, {@code x (1 + erf(x / sqrt 2)) / 2}. */
    public static NDArray gelu(NDArray x) {
        return x.mul(x.mul(INV_SQRT2).erf().add(1f)).mul(0.5f);
    }

    public static NDArray silu(NDArray x) {
        return Activation.sigmoid(x).mul(x);
    }

    /** {@code x / sqrt(mean(x^2) + eps) * weight} over the last axis. */
    public static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        return x.mul(x.square().mean(new int[] {-1}, true).add(eps).pow(-0.5f)).mul(weight);
    }

    /**
     * Multi-head attention.
     *
     * @param q    {@code [B, Tq, H*hd]}
     * @param k    {@code [B, Tk, H*hd]}
     * @param v    {@code [B, Tk, H*hd]}
     * @param mask additive {@code [Tq, Tk]} mask, or null
     * @return {@code [B, Tq, H*hd]}
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
        return mergeHeads(attendHeads(splitHeads(q, heads), splitHeads(k, heads), splitHeads(v, heads), mask));
    }

    /** {@code [B, T, H*hd]} to {@code [B, H, T, hd]}. */
    public static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /** {@code [B, H, T, hd]} to {@code [B, T, H*hd]}. */
    public static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /** Scaled dot-product attention on {@code [B, H, T, hd]} heads. */
    public static NDArray attendHeads(NDArray q, NDArray k, NDArray v, NDArray mask) {
        long hd = q.getShape().get(3);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1 / Math.sqrt(hd)));
        if (mask != null) {
            scores = scores.add(mask);
        }
        return scores.softmax(-1).matMul(v);
    }

    /**
     * Rotary embedding in the Hugging Face convention on {@code [B, H, T, hd]}:
     * {@code x cos + rotate_half(x) sin}, with {@code cos}/{@code sin} of shape {@code [T, hd]}.
     */
    public static NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        long hd = x.getShape().get(3);
        NDArray first = x.get("..., :" + hd / 2);
        NDArray second = x.get("..., " + hd / 2 + ":");
        NDArray rotated = second.neg().concat(first, -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
