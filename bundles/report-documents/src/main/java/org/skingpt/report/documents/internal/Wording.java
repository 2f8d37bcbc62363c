package org.skingpt.report.documents.internal;

import java.util.Locale;
import java.util.Map;
import org.skingpt.api.report.ReportContext;

/**
 * The report's labels: each comes from the locale bundle through {@link ReportContext#text}, with an English
 * fallback. Model and clinician texts never pass through here; they come from the consultation.
 */
final class Wording {

    static final String TITLE = "report.title";
    static final String DESCRIPTION = "report.description";
    static final String ADDITIONAL_FEATURES = "report.additionalFeatures";
    static final String DIAGNOSIS = "report.diagnosis";
    static final String DIFFERENTIAL = "report.differential";
    static final String CAUSES = "report.causes";
    static final String TREATMENT = "report.treatment";
    static final String REFERRAL = "report.referral";
    static final String DISCLAIMER = "report.disclaimer";
    static final String SYNTHETIC = "report.synthetic";
    static final String PROVENANCE = "report.provenance";
    static final String CLINICAL_CONTEXT = "report.clinicalContext";
    static final String QUESTIONS = "report.questions";
    static final String IMAGES = "report.images";
    static final String FOLLOW_UP = "report.followUp";

    // Optional keys: a locale bundle may leave them out and the English fallback is used.
    static final String CLINICIAN_TITLE = "report.clinicianTitle";
    static final String FINDINGS = "report.findings";
    static final String NO_FINDINGS = "report.noFindings";
    static final String URGENT = "report.urgent";
    static final String DISCLAIMER_TEXT = "report.disclaimerText";
    static final String MODELS = "report.models";
    static final String IMAGE_ENCODER = "report.imageEncoder";
    static final String LANGUAGE_MODEL = "report.languageModel";
    static final String TEMPLATES = "report.templates";
    static final String SEED = "report.seed";
    static final String SETTINGS = "report.settings";
    static final String DECODING = "report.decoding";
    static final String DECODED_ALONE = "report.decodedAlone";
    /** Has {@code {0}}, the most conversations decoded together: see {@link #get(String, Object)}. */
    static final String DECODED_IN_BATCH = "report.decodedInBatch";
    static final String SYNTHETIC_MODEL = "report.syntheticModel";
    static final String ANSWERED_AT = "report.answeredAt";
    static final String RENDERER = "report.renderer";
    static final String PLATFORM = "report.platform";
    static final String GENERATED = "report.generated";
    static final String CONSULTATION = "report.consultation";
    static final String CLINICIAN = "report.clinician";
    static final String YES = "report.yes";
    static final String NO = "report.no";
    static final String TRUNCATED = "report.truncated";
    static final String CANCELLED = "report.cancelled";

    private static final Map<String, String> ENGLISH = Map.ofEntries(
            Map.entry(TITLE, "Skin consultation report"),
            Map.entry(DESCRIPTION, "Description"),
            Map.entry(ADDITIONAL_FEATURES, "Additional features"),
            Map.entry(DIAGNOSIS, "Likely diagnosis"),
            Map.entry(DIFFERENTIAL, "Other possibilities"),
            Map.entry(CAUSES, "Possible causes"),
            Map.entry(TREATMENT, "Treatment suggestions"),
            Map.entry(REFERRAL, "Referral"),
            Map.entry(DISCLAIMER, "Disclaimer"),
            Map.entry(SYNTHETIC, "Synthetic demo model \u2014 not for clinical use"),
            Map.entry(PROVENANCE, "Provenance"),
            Map.entry(CLINICAL_CONTEXT, "Clinical context"),
            Map.entry(QUESTIONS, "Questions and answers"),
            Map.entry(IMAGES, "Images"),
            Map.entry(FOLLOW_UP, "Follow-up question"),
            Map.entry(TRUNCATED, "The answer was cut off at the length limit."),
            Map.entry(CANCELLED, "The answer was stopped before it was complete."),
            Map.entry(CLINICIAN_TITLE, "Clinician summary"),
            Map.entry(FINDINGS, "Findings"),
            Map.entry(NO_FINDINGS, "The standard questions have not been answered yet."),
            Map.entry(URGENT, "Please see a doctor soon."),
            Map.entry(DISCLAIMER_TEXT, "This report was written by software to support your doctor. "
                    + "It is not a diagnosis. Please discuss it with a doctor."),
            Map.entry(MODELS, "Models"),
            Map.entry(IMAGE_ENCODER, "Image encoder"),
            Map.entry(LANGUAGE_MODEL, "Language model"),
            Map.entry(TEMPLATES, "Locale bundle"),
            Map.entry(SEED, "Seed"),
            Map.entry(SETTINGS, "Generation settings"),
            Map.entry(DECODING, "Decoding"),
            Map.entry(DECODED_ALONE, "Decoded alone"),
            Map.entry(DECODED_IN_BATCH, "Decoded in a batch with up to {0} conversations"),
            Map.entry(SYNTHETIC_MODEL, "Synthetic model"),
            Map.entry(ANSWERED_AT, "Answered"),
            Map.entry(RENDERER, "Report format"),
            Map.entry(PLATFORM, "Platform"),
            Map.entry(GENERATED, "Generated"),
            Map.entry(CONSULTATION, "Consultation"),
            Map.entry(CLINICIAN, "Clinician"),
            Map.entry(YES, "yes"),
            Map.entry(NO, "no"));

    private final ReportContext context;

    Wording(ReportContext context) {
        if (context == null) {
            throw new IllegalArgumentException("A report needs a ReportContext (language and wording)");
        }
        this.context = context;
    }

    /** The label for {@code key} in the report's language. */
    String get(String key) {
        String fallback = ENGLISH.getOrDefault(key, key);
        String text = context.text(key, fallback);
        return text == null || text.isBlank() ? fallback : text;
    }

    /**
     * The label for {@code key} with its {@code {0}} replaced by {@code argument}; a plain replacement rather than
     * {@code MessageFormat}, so that an apostrophe in a translation is never taken for quoting.
     */
    String get(String key, Object argument) {
        return get(key).replace("{0}", String.valueOf(argument));
    }

    /** Language of the report. */
    Locale locale() {
        Locale locale = context.locale();
        return locale == null ? Locale.ENGLISH : locale;
    }

    /** BCP 47 tag of the report's language, for {@code lang} attributes. */
    String languageTag() {
        return locale().toLanguageTag();
    }

    String platformVersion() {
        String version = context.platformVersion();
        return version == null ? "" : version;
    }

    /** Separator between the items of an inline list, in the report's language. */
    String listSeparator() {
        return isChinese() ? "\u3001" : ", ";
    }

    boolean isChinese() {
        return "zh".equals(locale().getLanguage());
    }
}
