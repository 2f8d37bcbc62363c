package org.skingpt.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the platform needs to know about one model version before loading it; the parsed
 * form of a model bundle's {@code model.json}.
 *
 * @param name            model name, stable across versions (for example {@code skingpt-demo-llm})
 * @param version         version of this model (for example {@code 1.0.0})
 * @param kind            which part of the system it is
 * @param architecture    architecture that can run it ({@code minigpt4-vision} or {@code llama})
 * @param hyperParameters architecture-specific settings (widths, depths, heads, ...), as read; a
 *                        null value means absent (Hugging Face configs write {@code null})
 * @param tokenizer       tokenizer file for language models, {@code null} for image encoders
 * @param weights         weight files with their checksums
 * @param intendedUse     licence and intended-use text shown to users
 * @param synthetic       true for models trained on synthetic data: never for clinical use
 * @param pairedWith      for an image encoder, the name of the language model whose token embeddings
 *                        its visual tokens are made for (their widths must agree); null when not stated
 */
public record ModelDescriptor(
        String name,
        String version,
        ModelKind kind,
        String architecture,
        Map<String, Object> hyperParameters,
        String tokenizer,
        List<WeightFile> weights,
        String intendedUse,
        boolean synthetic,
        String pairedWith) {

    /** A descriptor that names no partner model. */
    public ModelDescriptor(String name, String version, ModelKind kind, String architecture,
                           Map<String, Object> hyperParameters, String tokenizer, List<WeightFile> weights,
                           String intendedUse, boolean synthetic) {
        this(name, version, kind, architecture, hyperParameters, tokenizer, weights, intendedUse, synthetic, null);
    }

    public ModelDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(architecture, "architecture");
        hyperParameters = withoutNulls(hyperParameters);
        weights = List.copyOf(weights == null ? List.of() : weights);
        intendedUse = intendedUse == null ? "" : intendedUse;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        if (map == null) {
            return Map.of();
        }
        java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** {@code name@version}, the way logs and provenance records name a model. */
    public String coordinates() {
        return name + "@" + version;
    }
}
