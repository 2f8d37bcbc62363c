package org.skingpt.api.model;

/**
 * What the platform knows about one model version: where it is in its life cycle and, when it
 * failed, why.
 *
 * @param name         model name
 * @param version      model version
 * @param kind         image encoder or language model
 * @param architecture architecture that runs it
 * @param state        life-cycle state
 * @param error        reason an admin can act on when {@code state} is FAILED, else empty
 * @param sha256       SHA-256 of the model's weights (see
 *                     {@link ModelServices#SHA256}); empty until verified
 * @param synthetic    trained on synthetic data: not for clinical use
 * @param bundleId     id of the model bundle that carries it
 * @param active       the version new consultations get for this model name (newest READY one,
 *                     unless an admin pinned another)
 * @param failure      the kind of failure when {@code state} is FAILED, else null; {@code error} is its
 *                     message (since 0.3)
 */
public record ModelInfo(
        String name,
        String version,
        ModelKind kind,
        String architecture,
        ModelState state,
        String error,
        String sha256,
        boolean synthetic,
        long bundleId,
        boolean active,
        ModelFailure failure) {

    public ModelInfo {
        error = error == null ? "" : error;
        sha256 = sha256 == null ? "" : sha256;
        if (state == ModelState.FAILED && failure == null) {
            failure = ModelFailure.LOAD_ERROR;
        } else if (state != ModelState.FAILED) {
            failure = null;
        }
    }

    /**
     * A model's information as before 0.3, without the kind of failure (a FAILED one counts as
     * {@link ModelFailure#LOAD_ERROR}).
     */
    public ModelInfo(String name, String version, ModelKind kind, String architecture, ModelState state, String error,
                     String sha256, boolean synthetic, long bundleId, boolean active) {
        this(name, version, kind, architecture, state, error, sha256, synthetic, bundleId, active, null);
    }

    /** {@code name@version}. */
    public String coordinates() {
        return name + "@" + version;
    }
}
