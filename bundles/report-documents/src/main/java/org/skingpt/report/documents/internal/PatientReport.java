package org.skingpt.report.documents.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.report.ReportContext;

/**
 * What a patient report says, independent of HTML or PDF: the same sections in the same order in both, so the
 * two formats never drift apart. Texts are raw here; each format escapes or draws them.
 */
final class PatientReport {

    /** One titled part of the report; {@code items} is a list shown under the body (may be empty). */
    record Section(String heading, String body, List<String> items) {
    }

    final String languageTag;
    final String title;
    final String dateLine;
    final boolean synthetic;
    final String syntheticText;
    final String imagesHeading;
    final List<ConsultationImage> images;
    final List<Section> sections;
    final String referralHeading;
    final String referralText;
    final boolean urgent;
    final String disclaimerHeading;
    final String disclaimerText;
    final String provenanceHeading;
    final List<String> provenanceLines;

    private PatientReport(ConsultationRecord record, Wording w, String formatId, String version, Instant now) {
        Findings f = record.findings();
        languageTag = w.languageTag();
        title = w.get(Wording.TITLE);
        dateLine = Facts.localTime(record.startedAt());
        synthetic = Facts.synthetic(record);
        syntheticText = w.get(Wording.SYNTHETIC);
        imagesHeading = w.get(Wording.IMAGES);
        images = record.images();

        List<Section> s = new ArrayList<>();
        add(s, w.get(Wording.DESCRIPTION), f.description(), List.of());
        add(s, w.get(Wording.ADDITIONAL_FEATURES), f.additionalFeatures(), List.of());
        add(s, w.get(Wording.DIAGNOSIS), f.diagnosis(), List.of());
        add(s, w.get(Wording.DIFFERENTIAL), "", f.differential());
        add(s, w.get(Wording.CAUSES), f.causes(), List.of());
        add(s, w.get(Wording.TREATMENT), f.treatment(), List.of());
        sections = List.copyOf(s);

        urgent = f.urgentReferral();
        referralHeading = w.get(Wording.REFERRAL);
        referralText = !f.referral().isBlank() ? f.referral() : urgent ? w.get(Wording.URGENT) : "";
        disclaimerHeading = w.get(Wording.DISCLAIMER);
        disclaimerText = !f.disclaimer().isBlank() ? f.disclaimer() : w.get(Wording.DISCLAIMER_TEXT);

        provenanceHeading = w.get(Wording.PROVENANCE);
        Provenance p = record.provenance();
        List<String> lines = new ArrayList<>();
        if (p != null) {
            lines.add(w.get(Wording.MODELS) + ": " + Facts.models(p)
                    + (p.templates() == null || p.templates().isEmpty() ? ""
                            : " \u00b7 " + w.get(Wording.TEMPLATES) + ": " + p.templates()));
        }
        String platform = w.platformVersion();
        lines.add(w.get(Wording.RENDERER) + ": " + formatId + " " + version
                + (platform.isEmpty() ? "" : " \u00b7 SkinGPT " + platform)
                + " \u00b7 " + w.get(Wording.GENERATED) + ": " + Facts.localTime(now));
        provenanceLines = List.copyOf(lines);
    }

    /**
     * The patient report of {@code record}.
     *
     * @throws IllegalArgumentException when the consultation has no findings yet
     */
    static PatientReport of(ConsultationRecord record, ReportContext context, String formatId, String version) {
        if (record == null) {
            throw new IllegalArgumentException("No consultation to render");
        }
        if (record.findings() == null) {
            throw new IllegalArgumentException("Consultation " + record.id() + " has no findings yet: the "
                    + formatId + " report needs the answers to the standard questions; ask them first");
        }
        return new PatientReport(record, new Wording(context), formatId, version, Instant.now());
    }

    boolean hasReferral() {
        return urgent || !referralText.isBlank();
    }

    private static void add(List<Section> sections, String heading, String body, List<String> items) {
        List<String> nonBlank = items.stream().filter(i -> i != null && !i.isBlank()).toList();
        if (!body.isBlank() || !nonBlank.isEmpty()) {
            sections.add(new Section(heading, body.strip(), nonBlank));
        }
    }
}
