package org.skingpt.consultation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of consultations, PID {@value #PID} (file {@code etc/org.skingpt.consultation.cfg}). */
@ObjectClassDefinition(id = ConsultationConfig.PID, name = "SkinGPT consultations",
        description = "Limits and generation settings of consultations.")
public @interface ConsultationConfig {

    String PID = "org.skingpt.consultation";

    @AttributeDefinition(name = "Open consultations", description = "Most consultations open at once (1..10000);"
            + " starting another answers 'busy'.")
    int maxOpenConsultations() default 64;

    @AttributeDefinition(name = "Concurrent generations", description = "Answers generated at the same time (1..64)."
            + " The Java decoder batches their decode steps, so 8 suit a CPU; with decoder = djl (libtorch), about the"
            + " number of cores.")
    int maxConcurrentGenerations() default 8;

    @AttributeDefinition(name = "Queue wait (ms)", description = "How long a question may wait for a free slot"
            + " before the caller is told the assistant is busy (0..60000).")
    int queueWaitMillis() default 2000;

    @AttributeDefinition(name = "Idle timeout (minutes)", description = "A consultation nobody used for this long is"
            + " closed and its memory freed (1..1440).")
    int idleMinutes() default 30;

    @AttributeDefinition(name = "Images per consultation", description = "Most images one consultation may carry"
            + " (1..8); each costs the model's visual tokens of context.")
    int maxImages() default 4;

    @AttributeDefinition(name = "Question length", description = "Longest question in characters (1..10000).")
    int maxQuestionChars() default 2000;

    @AttributeDefinition(name = "Answer length (tokens)", description = "Most tokens of one answer (1..4096).")
    int maxNewTokens() default 320;

    @AttributeDefinition(name = "Temperature", description = "0 for deterministic (greedy) answers, up to 2.")
    double temperature() default 0.0;

    @AttributeDefinition(name = "Seed", description = "Seed of the sampler, recorded with every answer.")
    long seed() default 42L;

    @AttributeDefinition(name = "Keep answers consistent", description = "true: the answers the locale bundle names"
            + " (consistency.questions; the shipped locales: answer 2) may not begin a phrase that states something"
            + " other than an earlier answer of the consultation stated (the locale bundle's consistency.* groups:"
            + " lesion count, size, lesion type, border, colours, condition). false: the"
            + " model's answers exactly as it decodes them, e.g. to replay answers given before this setting existed.")
    boolean consistencyConstraint() default true;
}
