package org.skingpt.example.report.letterhead.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportFormat;
import org.skingpt.api.report.ReportRenderer;

/**
 * Report format {@code letterhead-html}: the patient report on the hospital's letterhead, as one self-contained
 * HTML page (inline CSS, images as data: URIs, no script, nothing loaded from anywhere).
 *
 * <p>The rules every report renderer follows, and where this one follows them:
 * <ul>
 * <li>thread-safe: the platform calls {@link #render} from many threads at once; this class has only final fields
 * and keeps nothing between calls;</li>
 * <li>every text from the model or the clinician goes through {@link #escape};</li>
 * <li>a report from a synthetic model says so, prominently;</li>
 * <li>labels come from the locale bundle ({@link ReportContext#text}), with an English fallback;</li>
 * <li>no network, no files: everything needed is in the consultation and the context.</li>
 * </ul>
 *
 * <p>Configuration changes re-create the component (there is no {@code @Modified} method), so a new letterhead
 * applies to the next report.
 */
@Component(service = ReportRenderer.class, configurationPid = LetterheadConfig.PID)
@ReportFormat(format = "letterhead-html", displayName = "Patient letter on the hospital letterhead (HTML)",
        mediaType = "text/html", fileExtension = "html")
@Designate(ocd = LetterheadConfig.class)
public class LetterheadRenderer implements ReportRenderer {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private static final String CSS = """
            body { font-family: Georgia, "Noto Serif SC", "Songti SC", serif; max-width: 44em; margin: 2em auto; \
            padding: 0 1em; color: #222; line-height: 1.55; }
            .letterhead { border-bottom: 3px double #2b4a6f; padding-bottom: .6em; margin-bottom: 1.2em; }
            .hospital { font-size: 1.6em; font-weight: bold; color: #2b4a6f; }
            .department { font-size: 1.1em; }
            .address { color: #555; font-size: .9em; }
            .synthetic { border: 3px solid #b00020; background: #fdecea; color: #8a0018; font-weight: bold; \
            padding: .5em .8em; text-align: center; }
            .urgent { border: 3px solid #b00020; padding: .4em .8em; font-weight: bold; color: #8a0018; }
            h2 { font-size: 1.1em; color: #2b4a6f; margin: 1.2em 0 .2em; }
            p { white-space: pre-wrap; margin: .2em 0; }
            img { max-width: 45%; height: auto; margin-right: .5em; border: 1px solid #ccc; }
            footer { margin-top: 2em; font-size: .75em; color: #777; border-top: 1px solid #ccc; }
            """;

    private final String version;
    private final LetterheadConfig config;

    @Activate
    public LetterheadRenderer(BundleContext context, LetterheadConfig config) {
        this(context.getBundle().getVersion().toString(), config);
    }

    /** For tests: no framework needed. */
    LetterheadRenderer(String version, LetterheadConfig config) {
        this.version = version;
        this.config = config;
    }

    @Override
    public byte[] render(ConsultationRecord consultation, ReportContext context) {
        Findings f = consultation.findings();
        if (f == null) {
            throw new IllegalArgumentException("Consultation " + consultation.id()
                    + " has no findings yet: ask the standard questions before writing a letter");
        }
        Provenance provenance = consultation.provenance();
        boolean synthetic = provenance != null && provenance.syntheticModel();
        String title = context.text("report.title", "Skin consultation report");

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"").append(escape(context.locale().toLanguageTag()))
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                        + "style-src 'unsafe-inline'\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");

        html.append("<header class=\"letterhead\">\n<div class=\"hospital\">").append(escape(config.hospitalName()))
                .append("</div>\n<div class=\"department\">").append(escape(config.department())).append("</div>\n");
        for (String line : config.address().split("\\|")) {
            if (!line.isBlank()) {
                html.append("<div class=\"address\">").append(escape(line.strip())).append("</div>\n");
            }
        }
        html.append("</header>\n");

        if (synthetic) {
            html.append("<p class=\"synthetic\">")
                    .append(escape(context.text("report.synthetic", "Synthetic demo model \u2014 not for clinical use")))
                    .append("</p>\n");
        }
        html.append("<h1>").append(escape(title)).append("</h1>\n<p>")
                .append(DATE.format(consultation.startedAt().atZone(ZoneId.systemDefault()))).append("</p>\n");
        for (ConsultationImage image : consultation.images()) {
            html.append("<img alt=\"\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(image.png())).append("\">");
        }

        section(html, context.text("report.description", "Description"), f.description());
        section(html, context.text("report.diagnosis", "Likely diagnosis"), f.diagnosis());
        section(html, context.text("report.differential", "Other possibilities"), String.join(", ", f.differential()));
        section(html, context.text("report.treatment", "Treatment suggestions"), f.treatment());
        if (!f.referral().isBlank()) {
            html.append("<h2>").append(escape(context.text("report.referral", "Referral"))).append("</h2>\n<p")
                    .append(f.urgentReferral() ? " class=\"urgent\"" : "").append('>')
                    .append(escape(f.referral())).append("</p>\n");
        }
        section(html, context.text("report.disclaimer", "Disclaimer"), f.disclaimer());

        html.append("<footer>\n<p>").append(escape(context.text("report.provenance", "Provenance"))).append(": ");
        if (provenance != null) {
            html.append(escape(provenance.imageEncoder())).append(", ").append(escape(provenance.languageModel()))
                    .append(", ");
        }
        html.append("letterhead-html ").append(escape(version)).append("</p>\n</footer>\n</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void section(StringBuilder html, String heading, String text) {
        if (text != null && !text.isBlank()) {
            html.append("<h2>").append(escape(heading)).append("</h2>\n<p>").append(escape(text)).append("</p>\n");
        }
    }

    /** HTML-escapes text for element content and quoted attributes. Model output is never trusted. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

}
