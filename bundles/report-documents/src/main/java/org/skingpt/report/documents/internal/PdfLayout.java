package org.skingpt.report.documents.internal;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * A small flow layout on A4 pages: paragraphs wrapped at spaces (Latin) or between any two characters (CJK),
 * boxes, bullet lists and rows of images, with page breaks. One instance per document; not thread-safe.
 */
final class PdfLayout implements AutoCloseable {

    static final float MARGIN = 50;
    static final float FOOTER_SPACE = 28;
    private static final float LEADING = 1.45f;
    /** Printed for a character the font has no glyph for. */
    private static final int PLACEHOLDER = 0x25A1;

    /** How a run of text looks. */
    record Style(float size, Color color, boolean bold) {
    }

    private final PDDocument doc;
    private final PDFont font;
    private final CmapLookup cmap;
    private final PDRectangle pageSize = PDRectangle.A4;
    private PDPageContentStream out;
    private float y;

    PdfLayout(PDDocument doc, PDFont font, CmapLookup cmap) {
        this.doc = doc;
        this.font = font;
        this.cmap = cmap;
    }

    float contentWidth() {
        return pageSize.getWidth() - 2 * MARGIN;
    }

    private float bottom() {
        return MARGIN + FOOTER_SPACE;
    }

    private float lineHeight(Style style) {
        return style.size() * LEADING;
    }

    /** Starts a new page; the cursor goes to its top. */
    void newPage() throws IOException {
        closeStream();
        PDPage page = new PDPage(pageSize);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        y = pageSize.getHeight() - MARGIN;
    }

    /** Makes sure {@code height} points fit below the cursor, else starts a new page. */
    void ensure(float height) throws IOException {
        if (out == null || y - height < bottom()) {
            newPage();
        }
    }

    void space(float points) {
        y -= points;
    }

    /** A wrapped paragraph; each line of {@code text} starts a new one. */
    void paragraph(String text, Style style) throws IOException {
        paragraph(text, style, 0);
    }

    void paragraph(String text, Style style, float indent) throws IOException {
        for (String line : wrap(text, style.size(), contentWidth() - indent)) {
            ensure(lineHeight(style));
            drawLine(line, MARGIN + indent, style);
            y -= lineHeight(style);
        }
    }

    /** The height {@code text} takes as a paragraph. */
    float height(String text, Style style) throws IOException {
        return wrap(text, style.size(), contentWidth()).size() * lineHeight(style);
    }

    /** A heading kept together with at least two lines of what follows. */
    void heading(String text, Style style, Style next) throws IOException {
        space(style.size() * 0.6f);
        List<String> lines = wrap(text, style.size(), contentWidth());
        ensure(lines.size() * lineHeight(style) + 2 * lineHeight(next));
        for (String line : lines) {
            drawLine(line, MARGIN, style);
            y -= lineHeight(style);
        }
        y -= 2;
        out.setStrokingColor(new Color(0xC8, 0xD3, 0xDF));
        out.setLineWidth(0.6f);
        out.moveTo(MARGIN, y + style.size() * 0.25f);
        out.lineTo(MARGIN + contentWidth(), y + style.size() * 0.25f);
        out.stroke();
        y -= 2;
    }

    /** Bulleted items. */
    void bullets(List<String> items, Style style) throws IOException {
        for (String item : items) {
            List<String> lines = wrap(item, style.size(), contentWidth() - 16);
            for (int i = 0; i < lines.size(); i++) {
                ensure(lineHeight(style));
                if (i == 0) {
                    drawLine("\u2022", MARGIN + 4, style);
                }
                drawLine(lines.get(i), MARGIN + 16, style);
                y -= lineHeight(style);
            }
        }
    }

    /**
     * Text in a filled, framed box (the synthetic banner, an urgent referral). A box longer than the space left
     * continues on the next page in a box of its own.
     */
    void box(List<String> paragraphs, List<Style> styles, Color fill, Color border, float borderWidth)
            throws IOException {
        float pad = 8;
        List<String> lines = new ArrayList<>();
        List<Style> lineStyles = new ArrayList<>();
        for (int p = 0; p < paragraphs.size(); p++) {
            for (String line : wrap(paragraphs.get(p), styles.get(p).size(), contentWidth() - 2 * pad)) {
                lines.add(line);
                lineStyles.add(styles.get(p));
            }
        }
        int i = 0;
        while (i < lines.size()) {
            ensure(lineHeight(lineStyles.get(i)) + 2 * pad);
            // As many lines as fit on this page.
            float available = y - bottom() - 2 * pad;
            int end = i;
            float height = 0;
            while (end < lines.size() && height + lineHeight(lineStyles.get(end)) <= available) {
                height += lineHeight(lineStyles.get(end));
                end++;
            }
            if (end == i) {
                newPage();
                continue;
            }
            float top = y;
            out.setNonStrokingColor(fill);
            out.setStrokingColor(border);
            out.setLineWidth(borderWidth);
            out.addRect(MARGIN, top - height - 2 * pad, contentWidth(), height + 2 * pad);
            out.fillAndStroke();
            y -= pad;
            for (int k = i; k < end; k++) {
                drawLine(lines.get(k), MARGIN + pad, lineStyles.get(k));
                y -= lineHeight(lineStyles.get(k));
            }
            y -= pad;
            i = end;
        }
        space(6);
    }

    /** The images in rows, each at most {@code maxHeight} points high, scaled to keep their proportions. */
    void images(List<PDImageXObject> images, float maxHeight) throws IOException {
        float gap = 10;
        float x = MARGIN;
        float rowHeight = 0;
        for (PDImageXObject image : images) {
            float scale = Math.min(maxHeight / image.getHeight(), contentWidth() / image.getWidth());
            scale = Math.min(scale, 3f);
            float w = image.getWidth() * scale;
            float h = image.getHeight() * scale;
            if (x > MARGIN && x + w > MARGIN + contentWidth()) {
                y -= rowHeight + gap;
                x = MARGIN;
                rowHeight = 0;
            }
            if (x == MARGIN) {
                ensure(h);
            } else if (y - h < bottom()) {
                newPage();
                x = MARGIN;
                rowHeight = 0;
            }
            out.drawImage(image, x, y - h, w, h);
            out.setStrokingColor(new Color(0xCC, 0xCC, 0xCC));
            out.setLineWidth(0.5f);
            out.addRect(x, y - h, w, h);
            out.stroke();
            x += w + gap;
            rowHeight = Math.max(rowHeight, h);
        }
        y -= rowHeight + gap;
    }

    /** Ends the last page; afterwards only {@link #footers} may draw. */
    void finish() throws IOException {
        closeStream();
    }

    /** A line at the foot of every page: {@code left} and the page number. */
    void footers(String left, Style style) throws IOException {
        int count = doc.getNumberOfPages();
        for (int n = 0; n < count; n++) {
            PDPage page = doc.getPage(n);
            try (PDPageContentStream foot = new PDPageContentStream(doc, page,
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                out = foot;
                float baseline = MARGIN - style.size();
                String number = (n + 1) + " / " + count;
                float numberWidth = width(number, style.size());
                if (left != null && !left.isEmpty()) {
                    List<String> lines = wrap(left, style.size(), contentWidth() - numberWidth - 20);
                    text(lines.get(0), MARGIN, baseline, style);
                }
                text(number, MARGIN + contentWidth() - numberWidth, baseline, style);
            } finally {
                out = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeStream();
    }

    private void closeStream() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void drawLine(String line, float x, Style style) throws IOException {
        text(line, x, y - style.size(), style);
    }

    private void text(String line, float x, float baseline, Style style) throws IOException {
        if (line.isEmpty()) {
            return;
        }
        out.beginText();
        out.setFont(font, style.size());
        out.setNonStrokingColor(style.color());
        if (style.bold()) {
            // One font file only: bold is drawn by stroking the outline too.
            out.setRenderingMode(RenderingMode.FILL_STROKE);
            out.setStrokingColor(style.color());
            out.setLineWidth(style.size() * 0.035f);
        } else {
            out.setRenderingMode(RenderingMode.FILL);
        }
        out.newLineAtOffset(x, baseline);
        out.showText(line);
        out.endText();
    }

    float width(String s, float size) throws IOException {
        return font.getStringWidth(s) / 1000f * size;
    }

    /**
     * Replaces what the font cannot draw: controls become spaces, characters without a glyph (outside the
     * shipped subset) a placeholder, so that no model text can make rendering fail.
     */
    String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                b.append('\n');
            } else if (cp == '\t' || Character.isISOControl(cp) || Character.isWhitespace(cp)) {
                b.append(' ');
            } else if (Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.NON_SPACING_MARK
                    && cmap.getGlyphId(cp) == 0) {
                // zero-width joiners, BOMs, marks without a glyph: nothing to draw
            } else if (cmap.getGlyphId(cp) != 0) {
                b.appendCodePoint(cp);
            } else {
                b.appendCodePoint(cmap.getGlyphId(PLACEHOLDER) != 0 ? PLACEHOLDER : '?');
            }
        });
        return b.toString();
    }

    /** The lines of {@code text} at {@code size} within {@code width} points. */
    List<String> wrap(String text, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : printable(text == null ? "" : text).split("\n", -1)) {
            wrapParagraph(paragraph.strip(), size, width, lines);
        }
        // Drop blank lines at both ends, keep inner ones (paragraph breaks).
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        return lines;
    }

    private void wrapParagraph(String paragraph, float size, float width, List<String> lines) throws IOException {
        if (paragraph.isEmpty()) {
            lines.add("");
            return;
        }
        StringBuilder line = new StringBuilder();
        float lineWidth = 0;
        for (String token : tokens(paragraph)) {
            boolean space = token.equals(" ");
            if (space && line.length() == 0) {
                continue;
            }
            float w = width(token, size);
            if (lineWidth + w <= width || space || closing(token)) {
                // A space at the end of a line and closing punctuation may hang into the margin.
                line.append(token);
                lineWidth += w;
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString().stripTrailing());
            }
            line.setLength(0);
            lineWidth = 0;
            if (w <= width) {
                line.append(token);
                lineWidth = w;
            } else {
                // A word longer than the line (a URL, a checksum): cut it wherever it must be cut.
                for (int i = 0; i < token.length(); ) {
                    int cp = token.codePointAt(i);
                    String c = new String(Character.toChars(cp));
                    float cw = width(c, size);
                    if (lineWidth + cw > width && line.length() > 0) {
                        lines.add(line.toString());
                        line.setLength(0);
                        lineWidth = 0;
                    }
                    line.append(c);
                    lineWidth += cw;
                    i += Character.charCount(cp);
                }
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString().stripTrailing());
        }
    }

    /** Words, single spaces and single CJK characters (a line may break before or after any of these). */
    private static List<String> tokens(String s) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ' || wide(cp)) {
                if (word.length() > 0) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                tokens.add(cp == ' ' ? " " : new String(Character.toChars(cp)));
            } else {
                word.appendCodePoint(cp);
            }
        }
        if (word.length() > 0) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private static boolean wide(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
    }

    /** Punctuation that must not start a line. */
    private static boolean closing(String token) {
        return token.length() == 1 && "\uff0c\u3002\u3001\uff1b\uff1a\uff01\uff1f\uff09\u300b\u300d\u300f\u201d\u2019\u2026\uff0e"
                .indexOf(token.charAt(0)) >= 0;
    }
}
