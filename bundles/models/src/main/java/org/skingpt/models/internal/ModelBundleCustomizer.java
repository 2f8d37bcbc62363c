package org.skingpt.models.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.skingpt.api.model.ModelServices;

/**
 * Which bundles are model bundles (the {@value ModelServices#MODEL_HEADER} header) and when their
 * models come and go: an ACTIVE model bundle is tracked and its model loaded; when it stops, its model
 * is withdrawn.
 */
final class ModelBundleCustomizer implements BundleTrackerCustomizer<ModelEntry> {

    private final ModelLifecycle lifecycle;

    ModelBundleCustomizer(ModelLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Bundle states a model bundle is tracked in. */
    static final int STATES = Bundle.ACTIVE;

    static boolean isModelBundle(Bundle bundle) {
        return bundle.getHeaders().get(ModelServices.MODEL_HEADER) != null;
    }

    @Override
    public ModelEntry addingBundle(Bundle bundle, BundleEvent event) {
        return isModelBundle(bundle) ? lifecycle.track(bundle) : null;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, ModelEntry entry) {
        // Only ACTIVE bundles are tracked; nothing changes for a model while it stays active.
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, ModelEntry entry) {
        lifecycle.untrack(entry);
    }
}
