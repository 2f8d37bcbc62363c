package org.skingpt.api.model;

/** Life-cycle of a model inside the platform. */
public enum ModelState {
    /** Descriptor read; checksums, shapes and warm-up under way. */
    LOADING,
    /** Loaded, warmed up and offered to consultations. */
    READY,
    /** No longer offered to new consultations; the ones in flight are finishing. */
    DRAINING,
    /**
     * Refused or broken; see the reason ({@link ModelInfo#error()}) and its kind
     * ({@link ModelInfo#failure()}). Whatever served before keeps serving.
     */
    FAILED
}
