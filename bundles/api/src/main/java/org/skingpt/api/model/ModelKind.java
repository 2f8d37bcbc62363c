package org.skingpt.api.model;

/** The two parts a SkinGPT model is made of. */
public enum ModelKind {
    /** ViT + Q-Former + projection: image in, visual tokens at the language model's width out. */
    IMAGE_ENCODER,
    /** Llama-family decoder with its tokenizer: prompt in, text out. */
    LANGUAGE_MODEL
}
