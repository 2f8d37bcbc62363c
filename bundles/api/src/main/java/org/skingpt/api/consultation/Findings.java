package org.skingpt.api.consultation;

import java.util.List;
import java.util.Objects;

/**
 * The structured result of the paper's interactive flow (the four standard questions), in the
 * consultation's language. Texts are the model's answers; {@code diagnosis}, {@code differential}
 * and {@code urgentReferral} are read from them by the locale bundle.
 *
 * @param description        answer to question 1: the lesion's description and likely diagnosis
 * @param additionalFeatures answer to question 2
 * @param diagnosis          the likely condition as the model named it (for example "melanoma"),
 *                           empty when it named none
 * @param conditionCode      stable identifier of that condition when the locale bundle recognises it
 *                           (for example {@code melanoma}, {@code bcc}), else empty
 * @param differential       other conditions the answer names, may be empty
 * @param causes             answer to question 3
 * @param treatment          answer to question 4: treatment and medication suggestions
 * @param urgentReferral     true when a malignant condition is suspected
 * @param referral           the referral / urgency line to show, empty when none
 * @param disclaimer         the not-a-diagnosis note, always shown
 */
public record Findings(
        String description,
        String additionalFeatures,
        String diagnosis,
        String conditionCode,
        List<String> differential,
        String causes,
        String treatment,
        boolean urgentReferral,
        String referral,
        String disclaimer) {
    public Findings {
        description = Objects.requireNonNullElse(description, "");
        additionalFeatures = Objects.requireNonNullElse(additionalFeatures, "");
        diagnosis = Objects.requireNonNullElse(diagnosis, "");
        conditionCode = Objects.requireNonNullElse(conditionCode, "");
        differential = List.copyOf(differential == null ? List.of() : differential);
        causes = Objects.requireNonNullElse(causes, "");
        treatment = Objects.requireNonNullElse(treatment, "");
        referral = Objects.requireNonNullElse(referral, "");
        disclaimer = Objects.requireNonNullElse(disclaimer, "");
    }
}
