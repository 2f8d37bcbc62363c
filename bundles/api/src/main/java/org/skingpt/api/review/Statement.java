package org.skingpt.api.review;

/**
 * The seven statements the SkinGPT-4 paper asked dermatologists to rate, in the paper's order, with the share of
 * "agree" and "strongly agree" it published for each. The wording shown to reviewers comes from the locale bundles
 * ({@code ui.review.statement.<key>}).
 */
public enum Statement {
    /** "SkinGPT-4's diagnosis is correct or relevant." */
    DIAGNOSIS_CORRECT("diagnosisCorrect", 80.63),
    /** "SkinGPT-4's description is informative." */
    DESCRIPTION_INFORMATIVE("descriptionInformative", 82.50),
    /** "SkinGPT-4's suggestions are useful." */
    SUGGESTIONS_USEFUL("suggestionsUseful", 85.63),
    /** "SkinGPT-4 can help doctors with diagnosis." */
    HELPS_DOCTORS("helpsDoctors", 87.50),
    /** "SkinGPT-4 can help patients to understand their disease better." */
    HELPS_PATIENTS("helpsPatients", 83.70),
    /** "If SkinGPT-4 can be deployed locally, it protects patients' privacy." */
    PROTECTS_PRIVACY("protectsPrivacy", 92.50),
    /** "Willingness to use SkinGPT-4." */
    WILLING_TO_USE("willingToUse", 77.50);

    private final String key;
    private final double publishedAgreePercent;

    Statement(String key, double publishedAgreePercent) {
        this.key = key;
        this.publishedAgreePercent = publishedAgreePercent;
    }

    /** Stable short name, for message keys and CSV column names. */
    public String key() {
        return key;
    }

    /** The paper's percentage of agree + strongly agree for this statement. */
    public double publishedAgreePercent() {
        return publishedAgreePercent;
    }
}
