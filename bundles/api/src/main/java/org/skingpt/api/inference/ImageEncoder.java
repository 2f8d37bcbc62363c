package org.skingpt.api.inference;

import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.model.ModelDescriptor;

/**
 * Vision side of the model: ViT, Q-Former and projection. Thread-safe: several consultations may
 * encode at once.
 */
@ConsumerType
public interface ImageEncoder extends AutoCloseable {

    /** The model this encoder runs. */
    ModelDescriptor descriptor();

    /** Side of the square the image is resized to before encoding (224 for SkinGPT-4). */
    int imageSize();

    /** Visual tokens per image. */
    int outputTokens();

    /** Width of each visual token; must match the language model it is paired with. */
    int outputWidth();

    /**
     * Encodes one image. The image may have any size; it is resized (bicubic) and normalised the
     * way the model was trained.
     */
    ImageEmbedding encode(RgbImage image);

    /** Frees the model's native memory. Call only when no consultation uses it any more. */
    @Override
    void close();
}
