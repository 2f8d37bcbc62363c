package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;

/**
 * Stateless tensor functions shared by the ViT and the Q-Former. Activations are 2-D
 * {@code [tokens, width]} (one image per call, so no batch axis); every result belongs to the
 * manager of the activation passed in, never to a parameter's, which keeps per-call arrays in the
 * caller's scope.
 */
final class Ops {

    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));

    private Ops() {
    }

    /**
     * Exact GELU, {@code x * (1 + erf(x / sqrt 2)) / 2}: both EVA ({@code nn.GELU()}) and BERT
     * ({@code hidden_act = "gelu"}) use the erf form, not the tanh approximation.
     */
    static NDArray gelu(NDArray x) {
        return x.mul(x.mul(INV_SQRT2).erf().add(1f)).mul(0.5f);
    }

    /**
     * Multi-head scaled dot-product attention without a mask.
     *
     * @param q     {@code [Tq, width]}
     * @param k     {@code [Tk, width]}
     * @param v     {@code [Tk, width]}
     * @param heads number of heads; {@code width / heads} per head
     * @return {@code [Tq, width]}, heads concatenated in order
     */
    static NDArray attention(NDArray q, NDArray k, NDArray v, int heads) {
        long tq = q.getShape().get(0);
        long tk = k.getShape().get(0);
        long width = q.getShape().get(1);
        long headWidth = width / heads;
        NDArray qh = q.reshape(tq, heads, headWidth).transpose(1, 0, 2);
        NDArray kt = k.reshape(tk, heads, headWidth).transpose(1, 2, 0);
        NDArray vh = v.reshape(tk, heads, headWidth).transpose(1, 0, 2);
        NDArray probabilities = qh.matMul(kt).mul((float) (1 / Math.sqrt(headWidth))).softmax(-1);
        return probabilities.matMul(vh).transpose(1, 0, 2).reshape(tq, width);
    }
}
