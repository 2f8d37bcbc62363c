package org.skingpt.api.consultation;

import java.time.Instant;
import org.skingpt.api.inference.GenerationSettings;

/**
 * What produced an answer: exact model versions and checksums, locale and report bundle
 * versions, sampler settings and time.
 */
public record Provenance(
        String imageEncoder,
        String imageEncoderSha256,
        String languageModel,
        String languageModelSha256,
        String templates,
        GenerationSettings settings,
        boolean syntheticModel,
        Instant answeredAt) {
}
