package org.skingpt.report.documents.internal;

import java.io.File;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * Makes the font the PDF renderer ships ({@code src/main/resources/fonts/NotoSansSC-Regular-GB2312.ttf}) from
 * Noto Sans SC Regular (TrueType outlines). Not a test and not run by the build: it is kept so that the shipped
 * subset can be made again (see NOTICE). Usage, from the module folder after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp "target/test-classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *   org.skingpt.report.documents.internal.FontSubsetTool NotoSansSC_400Regular.ttf \
 *   src/main/resources/fonts/NotoSansSC-Regular-GB2312.ttf
 * </pre>
 *
 * Kept: Latin (with Latin-1 and Extended A/B), Greek, Cyrillic, general punctuation, super- and subscripts,
 * currency, letterlike symbols, number forms, arrows, mathematical operators, enclosed alphanumerics, box drawing
 * and geometric shapes, CJK symbols and punctuation, full-width forms, and every character of GB 2312 (its 6,763
 * hanzi cover about 99.9 % of modern Simplified Chinese text). Characters outside the subset are printed as a
 * placeholder by the renderer.
 */
public final class FontSubsetTool {

    private static final int[][] RANGES = {
        {0x0020, 0x007E}, {0x00A0, 0x024F}, {0x0370, 0x03FF}, {0x0400, 0x04FF}, {0x2000, 0x20CF},
        {0x2100, 0x22FF}, {0x2460, 0x25FF}, {0x3000, 0x303F}, {0xFF00, 0xFFEF},
    };

    private FontSubsetTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: FontSubsetTool <NotoSansSC-Regular.ttf> <out.ttf>");
            System.exit(2);
        }
        try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(new File(args[0])))) {
            // Tables a PDF needs; GSUB/GPOS/vmtx are dropped (no shaping or vertical text in these reports).
            TTFSubsetter subsetter = new TTFSubsetter(ttf, List.of("head", "hhea", "loca", "maxp", "cvt ", "prep",
                    "glyf", "hmtx", "fpgm", "gasp", "name", "OS/2", "post", "cmap"));
            CmapLookup cmap = ttf.getUnicodeCmapLookup();
            int kept = 0;
            for (int codePoint : codePoints()) {
                if (cmap.getGlyphId(codePoint) != 0) {
                    subsetter.add(codePoint);
                    kept++;
                }
            }
            Path out = Path.of(args[1]);
            try (OutputStream stream = Files.newOutputStream(out)) {
                subsetter.writeToStream(stream);
            }
            System.out.println(kept + " characters, " + Files.size(out) + " bytes: " + out);
        }
    }

    private static Set<Integer> codePoints() {
        Set<Integer> codePoints = new TreeSet<>();
        for (int[] range : RANGES) {
            for (int c = range[0]; c <= range[1]; c++) {
                codePoints.add(c);
            }
        }
        // GB 2312 in its EUC-CN form: both bytes in 0xA1..0xFE.
        CharsetDecoder decoder = Charset.forName("GB2312").newDecoder();
        for (int hi = 0xA1; hi <= 0xFE; hi++) {
            for (int lo = 0xA1; lo <= 0xFE; lo++) {
                try {
                    String s = decoder.decode(ByteBuffer.wrap(new byte[] {(byte) hi, (byte) lo})).toString();
                    if (s.length() == 1) {
                        codePoints.add((int) s.charAt(0));
                    }
                } catch (CharacterCodingException unassigned) {
                    // not a GB 2312 character
                }
            }
        }
        return codePoints;
    }
}
