package org.skingpt.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Which model versions serve new consultations, and how models are withdrawn (PID {@code org.skingpt.models}). */
@ObjectClassDefinition(name = "SkinGPT model policy",
        description = "By default the newest ready version of each model serves new consultations; pin a version to override.")
@interface ModelPolicyConfig {

    @AttributeDefinition(name = "Pinned versions",
            description = "Entries name=version, e.g. skingpt-demo-llm=1.0.0. A pinned version that is not ready is skipped "
                    + "(the newest ready one serves, and the log says so).")
    String[] pinned() default {};

    @AttributeDefinition(name = "Drain time (seconds)",
            description = "When a model is withdrawn, conversations and encodes still running on it get this long to finish "
                    + "before its memory is freed. New consultations get the successor at once.", min = "0", max = "86400")
    int drainSeconds() default ModelPolicy.DEFAULT_DRAIN_SECONDS;

    @AttributeDefinition(name = "Architecture grace period (seconds)",
            description = "When an architecture bundle (org.skingpt.vision, org.skingpt.language) goes away, for example while "
                    + "it is updated, the models it built keep serving this long while a bundle that provides the architecture "
                    + "again is awaited; the models are then rebuilt through it. If none comes in time they become FAILED "
                    + "(no bundle provides architecture ...). 0 fails them at once.", min = "0", max = "3600")
    int architectureGraceSeconds() default ModelPolicy.DEFAULT_GRACE_SECONDS;
}
