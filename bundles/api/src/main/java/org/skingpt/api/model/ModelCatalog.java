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
}
