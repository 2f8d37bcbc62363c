package org.skingpt.api.model;

/**
 * Why a model is {@link ModelState#FAILED}: the kind of failure, for programs (the console, the
 * shell, the HTTP API and monitoring act on it without reading the message). The human message is
 * {@link ModelInfo#error()}.
 *
 * @since 0.3
 */
public enum ModelFailure {
    /**
     * No installed bundle provides the architecture the descriptor names; the message reads
     * {@code no bundle provides architecture <name>}. Also the state of models whose architecture
     * bundle went away and was not replaced within the grace period. Installing a bundle that
     * provides the architecture loads them again.
     */
    NO_ARCHITECTURE,
    /** The bundle's descriptor is missing, not valid JSON, or has a missing or invalid field. */
    INVALID_DESCRIPTOR,
    /** A weight or tokenizer file the descriptor names is missing, unreadable or leaves the bundle. */
    MISSING_FILE,
    /** A weight file's SHA-256 or size differs from what the descriptor says. */
    CHECKSUM_MISMATCH,
    /** The model does not fit the model it is paired with (visual tokens as wide as the token embeddings). */
    INCOMPATIBLE_PAIRING,
    /**
     * The architecture could not build or warm up the model: a truncated or mis-shaped tensor, a bad
     * hyper-parameter, too little memory, or another error the message names.
     */
    LOAD_ERROR
}
