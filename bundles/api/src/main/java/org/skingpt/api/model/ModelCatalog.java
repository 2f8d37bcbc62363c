package org.skingpt.api.model;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Every model bundle the platform has seen, with its state; for the shell and the console. */
@ProviderType
public interface ModelCatalog {

    /** All known model versions, sorted by name, then version. */
    List<ModelInfo> models();

    /** The descriptor of a model version whose descriptor could be read (any state but an unreadable one). */
    java.util.Optional<ModelDescriptor> descriptor(String name, String version);

    /**
     * Conversations and image encodes running now on the model of this bundle: while it is
     * {@link ModelState#DRAINING}, the consultations it is waiting for.
     *
     * @return 0 when the bundle carries no loaded model (or the provider does not count)
     * @since 0.2
     */
    default int inFlight(long bundleId) {
        return 0;
    }

    /**
     * The pinned versions: model name to the version that serves new consultations in place of the
     * newest ready one.
     *
     * @since 0.2
     */
    default java.util.Map<String, String> pins() {
        return java.util.Map.of();
    }

    /**
     * Pins a model name to a version, or removes its pin ({@code version} null); kept across restarts.
     * A pinned version that is not ready is skipped until it is.
     *
     * @throws IllegalArgumentException when no version of {@code name} is known
     * @throws IllegalStateException when the pin cannot be stored
     * @throws UnsupportedOperationException when this catalog cannot pin
     * @since 0.2
     */
    default void pin(String name, String version) {
        throw new UnsupportedOperationException("This model catalog cannot pin versions.");
    }
}
