package org.skingpt.models.internal;

import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelLoadException;

/** A model refused for a reason the extender can name as a {@link ModelFailure} (shown by {@code ModelInfo.failure()}). */
final class ModelFailureException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    private final ModelFailure failure;

    ModelFailureException(ModelFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    ModelFailureException(ModelFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    ModelFailure failure() {
        return failure;
    }

    /** The kind of an exception thrown while loading: its own for this class, else {@code otherwise}. */
    static ModelFailure kindOf(Throwable e, ModelFailure otherwise) {
        return e instanceof ModelFailureException f ? f.failure : otherwise;
    }
}
