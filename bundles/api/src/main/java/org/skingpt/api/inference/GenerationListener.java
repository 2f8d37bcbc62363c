package org.skingpt.api.inference;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives an answer while it is generated, and can cancel it. */
@ConsumerType
@FunctionalInterface
public interface GenerationListener {

    /**
     * Called with each new piece of text, in order, on the generating thread. Pieces never
     * contain a stop string; concatenated they give {@link GenerationResult#text()}.
     */
    void onText(String piece);

    /** Polled before each new token; returning true stops generation within one token. */
    default boolean isCancelled() {
        return false;
    }

    /** A listener that ignores the stream. */
    static GenerationListener ignoring() {
        return piece -> { };
    }
}
