package org.skingpt.report.documents.internal;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Objects;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportFormat;
import org.skingpt.api.report.ReportRenderer;

/**
 * {@code patient-pdf}: the patient report of {@link PatientHtmlRenderer} as an A4 PDF, with Apache PDFBox. Text
 * is set in Noto Sans SC (shipped in this bundle, a subset that covers Latin and the GB 2312 hanzi; see NOTICE),
 * embedded as a subset of the glyphs used, so that Chinese reports print and their text can be copied and
 * searched. Thread-safe: every render builds its own document and parses its own copy of the font.
 */
@Component(service = ReportRenderer.class)
@ReportFormat(format = PatientPdfRenderer.FORMAT_ID, displayName = "Patient report (PDF)",
        mediaType = "application/pdf", fileExtension = "pdf")
public class PatientPdfRenderer implements ReportRenderer {

    static final String FORMAT_ID = "patient-pdf";
    static final String FONT_RESOURCE = "/fonts/NotoSansSC-Regular-GB2312.ttf";

    private static final Color TEXT = new Color(0x1A, 0x1A, 0x1A);
    private static final Color ACCENT = new Color(0x12, 0x3F, 0x6B);
    private static final Color GREY = new Color(0x66, 0x66, 0x66);
    private static final Color RED = new Color(0x8A, 0x00, 0x18);
    private static final Color RED_BORDER = new Color(0xB0, 0x00, 0x20);
    private static final Color RED_FILL = new Color(0xFD, 0xEC, 0xEA);
    private static final Color BLUE_FILL = new Color(0xEE, 0xF3, 0xF8);
    private static final Color GREY_FILL = new Color(0xF4, 0xF4, 0xF4);

    private static final PdfLayout.Style TITLE = new PdfLayout.Style(20, TEXT, true);
    private static final PdfLayout.Style HEADING = new PdfLayout.Style(13, ACCENT, true);
    private static final PdfLayout.Style BODY = new PdfLayout.Style(11, TEXT, false);
    private static final PdfLayout.Style BANNER = new PdfLayout.Style(13, RED, true);
    private static final PdfLayout.Style URGENT_HEADING = new PdfLayout.Style(13, RED, true);
    private static final PdfLayout.Style URGENT_BODY = new PdfLayout.Style(12, RED, true);
    private static final PdfLayout.Style BOX_HEADING = new PdfLayout.Style(12, TEXT, true);
    private static final PdfLayout.Style SMALL = new PdfLayout.Style(8, GREY, false);
    private static final PdfLayout.Style SMALL_RED = new PdfLayout.Style(8, RED, true);

    private final String version;

    @Activate
    public PatientPdfRenderer(BundleContext context) {
        this(Facts.bundleVersion(context));
    }

    PatientPdfRenderer(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public byte[] render(ConsultationRecord consultation, ReportContext context) {
        PatientReport r = PatientReport.of(consultation, context, FORMAT_ID, version);
        try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FontBytes.BYTES));
                PDDocument doc = new PDDocument()) {
            PDType0Font font = PDType0Font.load(doc, ttf, true);
            describe(doc, r);
            try (PdfLayout page = new PdfLayout(doc, font, ttf.getUnicodeCmapLookup())) {
                layout(doc, page, r);
                page.finish();
                page.footers(r.synthetic ? r.syntheticText : r.title, r.synthetic ? SMALL_RED : SMALL);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            // Everything is in memory: an IOException here is a defect (a broken image or font), not the disk.
            throw new UncheckedIOException("Could not write the patient PDF of consultation " + consultation.id(), e);
        }
    }

    private static void layout(PDDocument doc, PdfLayout page, PatientReport r) throws IOException {
        page.newPage();
        if (r.synthetic) {
            page.box(List.of(r.syntheticText), List.of(BANNER), RED_FILL, RED_BORDER, 2.5f);
        }
        page.paragraph(r.title, TITLE);
        page.paragraph(r.dateLine, new PdfLayout.Style(10, GREY, false));
        page.space(8);

        if (!r.images.isEmpty()) {
            List<PDImageXObject> images = new ArrayList<>();
            int n = 1;
            for (ConsultationImage image : r.images) {
                images.add(PDImageXObject.createFromByteArray(doc, image.png(), "image-" + n++ + ".png"));
            }
            page.images(images, r.images.size() == 1 ? 220 : 170);
        }
        if (r.hasReferral() && r.urgent) {
            page.box(List.of(r.referralHeading, r.referralText), List.of(URGENT_HEADING, URGENT_BODY),
                    RED_FILL, RED_BORDER, 2.5f);
        }
        for (PatientReport.Section s : r.sections) {
            page.heading(s.heading(), HEADING, BODY);
            if (!s.body().isEmpty()) {
                page.paragraph(s.body(), BODY);
            }
            if (!s.items().isEmpty()) {
                page.bullets(s.items(), BODY);
            }
        }
        page.space(8);
        if (r.hasReferral() && !r.urgent) {
            page.box(List.of(r.referralHeading, r.referralText), List.of(BOX_HEADING, BODY), BLUE_FILL, ACCENT,
                    0.8f);
        }
        page.box(List.of(r.disclaimerHeading, r.disclaimerText), List.of(BOX_HEADING, BODY), GREY_FILL, GREY_FILL,
                0.1f);
        page.space(6);
        // The provenance stays in one piece, never a lone line on a page of its own.
        float provenance = page.height(r.provenanceHeading, SMALL);
        for (String line : r.provenanceLines) {
            provenance += page.height(line, SMALL);
        }
        page.ensure(provenance);
        page.paragraph(r.provenanceHeading, new PdfLayout.Style(8, GREY, true));
        for (String line : r.provenanceLines) {
            page.paragraph(line, SMALL);
        }
    }

    private void describe(PDDocument doc, PatientReport r) {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(r.title);
        info.setCreator("SkinGPT");
        info.setProducer("SkinGPT " + FORMAT_ID + " " + version + " (Apache PDFBox)");
        if (r.synthetic) {
            info.setSubject(r.syntheticText);
        }
        info.setCreationDate(Calendar.getInstance());
        doc.getDocumentCatalog().setLanguage(r.languageTag);
    }

    /** The font file, read once per bundle revision (it is freed with the bundle's class loader). */
    private static final class FontBytes {
        static final byte[] BYTES = read();

        private static byte[] read() {
            try (InputStream in = PatientPdfRenderer.class.getResourceAsStream(FONT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("The bundle lacks its font " + FONT_RESOURCE);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the font " + FONT_RESOURCE, e);
            }
        }
    }
}
