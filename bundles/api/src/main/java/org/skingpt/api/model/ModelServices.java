package org.skingpt.api.model;

/**
 * Names shared by model bundles and the model extender: the manifest header that marks a model
 * bundle, and the service properties a loaded model is registered with (as an
 * {@link org.skingpt.api.inference.ImageEncoder} or {@link org.skingpt.api.inference.LanguageModel}).
 */
public final class ModelServices {

    /** Manifest header of a model bundle: path of its descriptor inside the bundle, e.g. {@code model.json}. */
    public static final String MODEL_HEADER = "SkinGPT-Model";

    /** Service property: model name. */
    public static final String NAME = "skingpt.model.name";

    /** Service property: model version. */
    public static final String VERSION = "skingpt.model.version";

    /** Service property: {@link ModelKind} name. */
    public static final String KIND = "skingpt.model.kind";

    /**
     * Service property: SHA-256 identifying the weights: the digest of the single weight file, or
     * for several files the SHA-256 of their digests joined with newlines in descriptor order.
     */
    public static final String SHA256 = "skingpt.model.sha256";

    /** Service property: Boolean, true for models trained on synthetic data. */
    public static final String SYNTHETIC = "skingpt.model.synthetic";

    /**
     * Service property: Boolean, true on the one version of each model name that new consultations
     * should use. Consumers select with {@code (skingpt.model.active=true)}; in-flight consultations
     * keep the version they started with.
     */
    public static final String ACTIVE = "skingpt.model.active";

    /** Configuration PID of the model policy (pinned versions). */
    public static final String POLICY_PID = "org.skingpt.models";

    private ModelServices() {
    }
}
