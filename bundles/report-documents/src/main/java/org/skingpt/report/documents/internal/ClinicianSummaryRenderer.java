package org.skingpt.report.documents.internal;

import static org.skingpt.report.documents.internal.Html.escape;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportFormat;
import org.skingpt.api.report.ReportRenderer;

/**
 * {@code clinician-summary}: a compact page for the clinician with the clinical context, the findings with the
 * differential, every question and answer in order and the full provenance. Renders without findings too (then
 * only the questions and answers so far). Self-contained like the patient page. Stateless and so thread-safe.
 */
@Component(service = ReportRenderer.class)
@ReportFormat(format = ClinicianSummaryRenderer.FORMAT_ID, displayName = "Clinician summary (HTML)",
        mediaType = "text/html", fileExtension = "html")
public class ClinicianSummaryRenderer implements ReportRenderer {

    static final String FORMAT_ID = "clinician-summary";

    private static final String CSS = """
            html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            body { font-family: "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", \
            Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.45; color: #1a1a1a; max-width: 60em; \
            margin: 1.2em auto; padding: 0 1em; }
            h1 { font-size: 1.4em; margin: 0; }
            h2 { font-size: 1.05em; margin: 1.1em 0 .3em; color: #123f6b; border-bottom: 1px solid #c8d3df; }
            .meta { color: #444; margin: .2em 0 .6em; }
            .banner { border: 2px solid #b00020; background: #fdecea; color: #8a0018; font-weight: bold; \
            padding: .4em .7em; margin: .6em 0; }
            .pre { white-space: pre-wrap; margin: .2em 0; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .3em 0; }
            dt { font-weight: bold; color: #333; }
            dd { margin: 0; white-space: pre-wrap; }
            .urgent { color: #b00020; font-weight: bold; }
            ol.qa > li { margin: .5em 0; }
            .q { font-weight: bold; white-space: pre-wrap; }
            .a { white-space: pre-wrap; }
            .small { color: #666; font-size: .85em; }
            table { border-collapse: collapse; width: 100%; font-size: .9em; }
            th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
            th { background: #f0f3f6; white-space: nowrap; }
            code { font-family: "DejaVu Sans Mono", Consolas, monospace; word-break: break-all; }
            .thumbs img { height: 7em; width: auto; border: 1px solid #ccc; margin-right: .5em; }
            @media print { body { margin: 0; max-width: none; font-size: 10pt; } }
            """;

    private final String version;

    @Activate
    public ClinicianSummaryRenderer(BundleContext context) {
        this(Facts.bundleVersion(context));
    }

    ClinicianSummaryRenderer(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public byte[] render(ConsultationRecord record, ReportContext context) {
        if (record == null) {
            throw new IllegalArgumentException("No consultation to render");
        }
        Wording w = new Wording(context);
        boolean synthetic = Facts.synthetic(record);
        String title = w.get(Wording.CLINICIAN_TITLE);
        StringBuilder out = new StringBuilder(8192);
        Html.head(out, w.languageTag(), title, CSS);
        out.append("<body>\n");
        if (synthetic) {
            out.append("<div class=\"banner\" role=\"alert\">").append(escape(w.get(Wording.SYNTHETIC)))
                    .append("</div>\n");
        }
        out.append("<h1>").append(escape(title)).append("</h1>\n<p class=\"meta\">")
                .append(escape(w.get(Wording.CONSULTATION))).append(" <code>").append(escape(record.id()))
                .append("</code> \u00b7 ").append(escape(Facts.localTime(record.startedAt())));
        if (!record.clinician().isBlank()) {
            out.append(" \u00b7 ").append(escape(w.get(Wording.CLINICIAN))).append(": ")
                    .append(escape(record.clinician()));
        }
        out.append(" \u00b7 ").append(escape(record.locale().toLanguageTag())).append("</p>\n");

        if (!record.images().isEmpty()) {
            out.append("<div class=\"thumbs\" aria-label=\"").append(escape(w.get(Wording.IMAGES))).append("\">");
            int n = 1;
            for (ConsultationImage image : record.images()) {
                out.append("<img src=\"").append(Html.dataUri(image)).append("\" alt=\"")
                        .append(escape(w.get(Wording.IMAGES))).append(' ').append(n++).append("\" title=\"")
                        .append(image.width()).append('\u00d7').append(image.height()).append(", SHA-256 ")
                        .append(escape(image.sha256())).append("\">");
            }
            out.append("</div>\n");
        }

        out.append("<h2>").append(escape(w.get(Wording.CLINICAL_CONTEXT))).append("</h2>\n<p class=\"pre\">")
                .append(record.clinicalContext().isBlank() ? "\u2014" : escape(record.clinicalContext()))
                .append("</p>\n");

        findings(out, record.findings(), w);
        questions(out, record.answers(), w);
        provenance(out, record, w, synthetic);
        out.append("</body>\n</html>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void findings(StringBuilder out, Findings f, Wording w) {
        out.append("<h2>").append(escape(w.get(Wording.FINDINGS))).append("</h2>\n");
        if (f == null) {
            out.append("<p>").append(escape(w.get(Wording.NO_FINDINGS))).append("</p>\n");
            return;
        }
        out.append("<dl>\n");
        String diagnosis = f.diagnosis() + (f.conditionCode().isBlank() ? "" : " [" + f.conditionCode() + "]");
        row(out, w.get(Wording.DIAGNOSIS), diagnosis, false);
        row(out, w.get(Wording.DIFFERENTIAL), String.join(w.listSeparator(), f.differential()), false);
        row(out, w.get(Wording.DESCRIPTION), f.description(), false);
        row(out, w.get(Wording.ADDITIONAL_FEATURES), f.additionalFeatures(), false);
        row(out, w.get(Wording.CAUSES), f.causes(), false);
        row(out, w.get(Wording.TREATMENT), f.treatment(), false);
        String referral = f.referral().isBlank() && f.urgentReferral() ? w.get(Wording.URGENT) : f.referral();
        row(out, w.get(Wording.REFERRAL), referral, f.urgentReferral());
        row(out, w.get(Wording.DISCLAIMER), f.disclaimer().isBlank() ? w.get(Wording.DISCLAIMER_TEXT)
                : f.disclaimer(), false);
        out.append("</dl>\n");
    }

    private static void row(StringBuilder out, String label, String value, boolean urgent) {
        if (value == null || value.isBlank()) {
            return;
        }
        out.append("<dt>").append(escape(label)).append("</dt><dd").append(urgent ? " class=\"urgent\"" : "")
                .append('>').append(urgent ? "\u26a0 " : "").append(escape(value.strip())).append("</dd>\n");
    }

    private static void questions(StringBuilder out, List<Answer> answers, Wording w) {
        out.append("<h2>").append(escape(w.get(Wording.QUESTIONS))).append("</h2>\n");
        if (answers.isEmpty()) {
            out.append("<p>\u2014</p>\n");
            return;
        }
        out.append("<ol class=\"qa\">\n");
        for (Answer a : answers) {
            // Follow-ups are told apart by their kind, not their position (a follow-up may come first).
            out.append("<li><div class=\"q\">")
                    .append(a.followUp() ? escape(w.get(Wording.FOLLOW_UP)) + ": " : "")
                    .append(escape(a.question())).append("</div>\n<div class=\"a\">")
                    .append(escape(a.text())).append("</div>\n");
            if (a.truncated() || a.cancelled()) {
                out.append("<div class=\"small\">").append(escape(w.get(a.truncated() ? Wording.TRUNCATED
                        : Wording.CANCELLED))).append("</div>\n");
            }
            Provenance p = a.provenance();
            if (p != null) {
                out.append("<div class=\"small\">").append(escape(Facts.models(p)));
                if (p.settings() != null) {
                    out.append(" \u00b7 ").append(escape(w.get(Wording.SEED))).append(' ').append(p.settings().seed());
                }
                String decoding = Facts.decoding(p, w);
                if (!decoding.isEmpty()) {
                    out.append(" \u00b7 ").append(escape(decoding));
                }
                out.append(" \u00b7 ").append(escape(Facts.exactTime(p.answeredAt()))).append("</div>\n");
            }
            out.append("</li>\n");
        }
        out.append("</ol>\n");
    }

    private void provenance(StringBuilder out, ConsultationRecord record, Wording w, boolean synthetic) {
        Provenance p = record.provenance();
        out.append("<h2>").append(escape(w.get(Wording.PROVENANCE))).append("</h2>\n<table>\n");
        if (p != null) {
            cell(out, w.get(Wording.IMAGE_ENCODER), p.imageEncoder(), p.imageEncoderSha256());
            cell(out, w.get(Wording.LANGUAGE_MODEL), p.languageModel(), p.languageModelSha256());
            cell(out, w.get(Wording.TEMPLATES), p.templates(), null);
            if (p.settings() != null) {
                cell(out, w.get(Wording.SEED), Long.toString(p.settings().seed()), null);
                cell(out, w.get(Wording.SETTINGS), Facts.settings(p.settings()), null);
            }
            String decoding = Facts.decoding(p, w);
            if (!decoding.isEmpty()) {
                cell(out, w.get(Wording.DECODING), decoding, null);
            }
            cell(out, w.get(Wording.ANSWERED_AT), Facts.exactTime(p.answeredAt()), null);
        }
        cell(out, w.get(Wording.SYNTHETIC_MODEL), synthetic ? w.get(Wording.YES) + " \u2014 " + w.get(Wording.SYNTHETIC)
                : w.get(Wording.NO), null);
        cell(out, w.get(Wording.RENDERER), FORMAT_ID + " " + version, null);
        if (!w.platformVersion().isEmpty()) {
            cell(out, w.get(Wording.PLATFORM), "SkinGPT " + w.platformVersion(), null);
        }
        cell(out, w.get(Wording.GENERATED), Facts.exactTime(Instant.now().truncatedTo(ChronoUnit.SECONDS)), null);
        out.append("</table>\n");
    }

    private static void cell(StringBuilder out, String label, String value, String sha256) {
        out.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(Facts.orEmpty(value)));
        if (sha256 != null && !sha256.isBlank()) {
            out.append("<br><span class=\"small\">SHA-256 <code>").append(escape(sha256)).append("</code></span>");
        }
        out.append("</td></tr>\n");
    }
}
