package org.skingpt.api.inference;

/** Why generation ended. */
public enum StopReason {
    /** The model produced its end-of-sequence token. */
    END_OF_SEQUENCE,
    /** A stop string appeared (it is not part of the answer). */
    STOP_STRING,
    /** {@link GenerationSettings#maxNewTokens()} reached. */
    MAX_TOKENS,
    /** The listener asked to stop. */
    CANCELLED
}
