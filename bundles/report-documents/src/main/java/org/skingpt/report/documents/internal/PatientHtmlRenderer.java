package org.skingpt.report.documents.internal;

import static org.skingpt.report.documents.internal.Html.escape;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportFormat;
import org.skingpt.api.report.ReportRenderer;

/**
 * {@code patient-html}: one self-contained, printable page in plain language for the patient. Inline CSS, images
 * as data: URIs, no script and no external resource (a Content-Security-Policy forbids both). Stateless and so
 * thread-safe.
 */
@Component(service = ReportRenderer.class)
@ReportFormat(format = PatientHtmlRenderer.FORMAT_ID, displayName = "Patient report (HTML)",
        mediaType = "text/html", fileExtension = "html")
public class PatientHtmlRenderer implements ReportRenderer {

    static final String FORMAT_ID = "patient-html";

    private static final String CSS = """
            html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            body { font-family: "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", \
            Arial, Helvetica, sans-serif; font-size: 17px; line-height: 1.6; color: #1a1a1a; max-width: 46em; \
            margin: 2em auto; padding: 0 1em; }
            h1 { font-size: 1.7em; margin: 0 0 .1em; }
            h2 { font-size: 1.2em; margin: 1.4em 0 .3em; color: #123f6b; border-bottom: 1px solid #c8d3df; }
            p, li { white-space: pre-wrap; }
            p { margin: .3em 0; }
            .date { color: #555; margin: 0 0 1em; }
            .banner { border: 3px solid #b00020; background: #fdecea; color: #8a0018; font-weight: bold; \
            font-size: 1.15em; padding: .6em .9em; margin: 1em 0; text-align: center; }
            .images { display: flex; flex-wrap: wrap; gap: .8em; margin: .5em 0; }
            .images figure { margin: 0; }
            .images img { width: 18em; max-width: 100%; height: auto; border: 1px solid #ccc; }
            .referral { border-left: 5px solid #123f6b; background: #eef3f8; padding: .5em .9em; margin: 1.2em 0; }
            .referral.urgent { border: 3px solid #b00020; background: #fdecea; color: #8a0018; font-weight: bold; \
            font-size: 1.15em; }
            .referral h2 { border: 0; margin: 0 0 .2em; color: inherit; }
            .disclaimer { background: #f4f4f4; padding: .5em .9em; margin: 1.4em 0; }
            .disclaimer h2 { border: 0; margin: 0 0 .2em; }
            footer { margin-top: 2em; padding-top: .5em; border-top: 1px solid #ccc; color: #666; font-size: .75em; }
            footer p { margin: .1em 0; }
            @media print { body { margin: 0; max-width: none; font-size: 12pt; } \
            .banner, .referral, .disclaimer, figure { break-inside: avoid; } }
            """;

    private final String version;

    @Activate
    public PatientHtmlRenderer(BundleContext context) {
        this(Facts.bundleVersion(context));
    }

    PatientHtmlRenderer(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public byte[] render(ConsultationRecord consultation, ReportContext context) {
        PatientReport r = PatientReport.of(consultation, context, FORMAT_ID, version);
        StringBuilder out = new StringBuilder(4096 + 4 * consultation.images().stream()
                .mapToInt(i -> i.png().length).sum() / 3);
        Html.head(out, r.languageTag, r.title, CSS);
        out.append("<body>\n");
        if (r.synthetic) {
            out.append("<div class=\"banner\" role=\"alert\">").append(escape(r.syntheticText)).append("</div>\n");
        }
        out.append("<header>\n<h1>").append(escape(r.title)).append("</h1>\n");
        out.append("<p class=\"date\">").append(escape(r.dateLine)).append("</p>\n</header>\n<main>\n");

        if (!r.images.isEmpty()) {
            out.append("<section class=\"images\" aria-label=\"").append(escape(r.imagesHeading)).append("\">\n");
            int n = 1;
            for (ConsultationImage image : r.images) {
                out.append("<figure><img src=\"").append(Html.dataUri(image)).append("\" alt=\"")
                        .append(escape(r.imagesHeading)).append(' ').append(n++).append("\" width=\"")
                        .append(image.width()).append("\" height=\"").append(image.height()).append("\"></figure>\n");
            }
            out.append("</section>\n");
        }
        if (r.hasReferral() && r.urgent) {
            // An urgent referral comes first, where nobody can miss it.
            referral(out, r);
        }
        for (PatientReport.Section s : r.sections) {
            out.append("<section>\n<h2>").append(escape(s.heading())).append("</h2>\n");
            if (!s.body().isEmpty()) {
                out.append("<p>").append(escape(s.body())).append("</p>\n");
            }
            if (!s.items().isEmpty()) {
                out.append("<ul>\n");
                for (String item : s.items()) {
                    out.append("<li>").append(escape(item)).append("</li>\n");
                }
                out.append("</ul>\n");
            }
            out.append("</section>\n");
        }
        if (r.hasReferral() && !r.urgent) {
            referral(out, r);
        }
        out.append("<section class=\"disclaimer\">\n<h2>").append(escape(r.disclaimerHeading)).append("</h2>\n<p>")
                .append(escape(r.disclaimerText)).append("</p>\n</section>\n</main>\n");

        out.append("<footer>\n");
        if (r.synthetic) {
            out.append("<p><strong>").append(escape(r.syntheticText)).append("</strong></p>\n");
        }
        out.append("<p>").append(escape(r.provenanceHeading)).append(":</p>\n");
        for (String line : r.provenanceLines) {
            out.append("<p>").append(escape(line)).append("</p>\n");
        }
        out.append("</footer>\n</body>\n</html>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void referral(StringBuilder out, PatientReport r) {
        out.append("<section class=\"referral").append(r.urgent ? " urgent\" role=\"alert" : "").append("\">\n<h2>")
                .append(escape(r.referralHeading)).append("</h2>\n<p>").append(escape(r.referralText))
                .append("</p>\n</section>\n");
    }
}
