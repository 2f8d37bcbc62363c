package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import org.skingpt.api.model.ModelLoadException;

/**
 * EVA's ViT as BLIP-2 uses it ({@code visual_encoder.*}): patch embedding, class token, absolute
 * position embedding, then the first {@code vit_blocks_used} blocks, no final norm. The output is
 * every token of the last block used, class token first.
 */
final class EvaVit {

    private final VisionConfig config;
    private final NDArray patchWeight;
    private final NDArray patchBias;
    /** Position embedding with the class token already added to row 0; both are image-independent. */
    private final NDArray positionsWithClass;
    private final List<EvaBlock> blocks;

    private EvaVit(VisionConfig config, NDArray patchWeight, NDArray patchBias, NDArray positionsWithClass,
                   List<EvaBlock> blocks) {
        this.config = config;
        this.patchWeight = patchWeight;
        this.patchBias = patchBias;
        this.positionsWithClass = positionsWithClass;
        this.blocks = blocks;
    }

    static EvaVit load(Parameters p, VisionConfig c) {
        long w = c.vitWidth();
        long tokens = c.vitTokens();
        String lastStored = "visual_encoder.blocks." + (c.vitDepth() - 1) + ".attn.qkv.weight";
        if (!p.contains(lastStored)) {
            throw new ModelLoadException("Missing tensor '" + lastStored + "': vit_depth says the weights hold "
                    + c.vitDepth() + " ViT blocks; correct vit_depth or the weight files.");
        }
        NDArray patchWeight = p.get("visual_encoder.patch_embed.proj.weight", w, 3, c.patchSize(), c.patchSize());
        NDArray patchBias = p.get("visual_encoder.patch_embed.proj.bias", w);
        NDArray positionsWithClass;
        try (NDArray positions = p.get("visual_encoder.pos_embed", 1, tokens, w);
             NDArray cls = p.get("visual_encoder.cls_token", 1, 1, w);
             NDArray padding = p.owner().zeros(new Shape(tokens - 1, w), cls.getDataType());
             NDArray classRow = NDArrays.concat(new NDList(cls.reshape(1, w), padding))) {
            positionsWithClass = positions.reshape(tokens, w).add(classRow);
        }
        List<EvaBlock> blocks = new ArrayList<>();
        for (int i = 0; i < c.vitBlocksUsed(); i++) {
            blocks.add(EvaBlock.load(p, i, c));
        }
        return new EvaVit(c, patchWeight, patchBias, positionsWithClass, List.copyOf(blocks));
    }

    /**
     * @param pixels {@code [1, 3, size, size]}, normalised
     * @return {@code [1 + patches, width]} in {@code pixels}' manager
     */
    NDArray forward(NDArray pixels) {
        NDArray x = embed(pixels);
        NDManager scope = pixels.getManager();
        for (EvaBlock block : blocks) {
            // Each block's intermediates (the MLP's alone are 4.4x the activations) are freed as
            // soon as the block is done, so peak memory does not grow with depth.
            try (NDManager blockScope = scope.newSubManager()) {
                x.attach(blockScope);
                x = block.forward(x);
                x.attach(scope);
            }
        }
        return x;
    }

    /** Patch embedding plus class token and positions: {@code [1 + patches, width]}. */
    NDArray embed(NDArray pixels) {
        long w = config.vitWidth();
        Shape stride = new Shape(config.patchSize(), config.patchSize());
        NDArray patches = Conv2d.conv2d(pixels, patchWeight, patchBias, stride, new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow()
                .reshape(w, (long) config.gridSize() * config.gridSize())
                .transpose();
        // The zero row (created in the call's scope, unlike the class token) takes the class
        // token's place; positionsWithClass fills it in.
        NDArray classSlot = pixels.getManager().zeros(new Shape(1, w), patches.getDataType());
        return NDArrays.concat(new NDList(classSlot, patches)).add(positionsWithClass);
    }
}
