package org.skingpt.api.review;

import java.util.List;
import java.util.Objects;

/**
 * The paper's table for the study items answered by one language model version.
 *
 * @param modelVersion        language model {@code name@version}, empty when unknown
 * @param items               study items of this model version still in the record
 * @param reviews             reviews submitted of them
 * @param statements          one result per {@link Statement}, in the paper's order
 * @param diagnosisAgreement  reviews whose own diagnosis matches the model's (the condition code when both have
 *                            one, else the names ignoring case), out of the reviews of items for which the model
 *                            named a diagnosis
 */
public record ModelResults(String modelVersion, int items, int reviews, List<StatementResult> statements,
        Proportion diagnosisAgreement) {

    public ModelResults {
        modelVersion = Objects.requireNonNullElse(modelVersion, "");
        statements = List.copyOf(statements == null ? List.of() : statements);
        Objects.requireNonNull(diagnosisAgreement, "diagnosisAgreement");
    }
}
