package org.skingpt.models.internal;

import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelState;

/**
 * One model bundle's model as it moves through its states. The fields the loader thread and the
 * bundle tracker both change ({@link #served}, {@link #registration}, {@link #removed}) change
 * under the entry's own lock.
 */
final class ModelEntry {
    final Bundle bundle;
    /** Own folder per tracked start: a restarted bundle must not share files with its draining predecessor. */
    final Path folder;
    volatile ModelInfo info;
    volatile ModelDescriptor descriptor;
    /** The verified files, once copied: a model rebuilt for a new architecture revision loads them again. */
    volatile ModelLoader.Installed files;
    /** The registered service object; null unless READY. */
    volatile DrainableModels.Served<?> served;
    volatile ServiceRegistration<?> registration;
    /** The bundle stopped: nothing may be registered for it any more. */
    volatile boolean removed;
    volatile boolean active;
    /** Runs out when the architecture that built the served model went away and nothing rebuilt it. */
    volatile ScheduledFuture<?> grace;
    /** Why the last rebuild through a new architecture revision failed; null when none failed. */
    volatile ModelFailureException rebuildFailure;

    ModelEntry(Bundle bundle, Path folder) {
        this.bundle = bundle;
        this.folder = folder;
        this.info = new ModelInfo(bundle.getSymbolicName(), bundle.getVersion().toString(), null, "",
                ModelState.LOADING, "", "", false, bundle.getBundleId(), false, null);
    }

    long bundleId() {
        return bundle.getBundleId();
    }

    /** A new state; the descriptor's fields once it has been read, the bundle's until then. */
    void state(ModelState state, ModelFailure failure, String error, String sha) {
        ModelDescriptor d = descriptor;
        ModelInfo i = info;
        info = d == null
                ? new ModelInfo(i.name(), i.version(), i.kind(), i.architecture(), state, error, sha, i.synthetic(), i.bundleId(),
                        active, failure)
                : new ModelInfo(d.name(), d.version(), d.kind(), d.architecture(), state, error, sha, d.synthetic(),
                        bundle.getBundleId(), active, failure);
    }

    /** The same state with the {@link #active} flag as it is now. */
    void refreshActive() {
        ModelInfo i = info;
        state(i.state(), i.failure(), i.error(), i.sha256());
    }

    /** Whether the served model was built by a factory that is no longer registered. */
    boolean stale(ArchitectureFactories factories) {
        DrainableModels.Served<?> s = served;
        return s != null && !factories.isPresent(s.current().factory);
    }
}
