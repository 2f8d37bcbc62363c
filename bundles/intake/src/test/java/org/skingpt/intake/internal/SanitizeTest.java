package org.skingpt.intake.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.intake.SanitizedImage;

/** Valid uploads: orientation, colour, alpha, metadata removal, the API record. */
class SanitizeTest {

    private static ImageIntakeComponent intake;

    @BeforeAll
    static void start() {
        intake = new ImageIntakeComponent(Configs.defaults());
    }

    @AfterAll
    static void stop() {
        intake.deactivate();
    }

    @Test
    void pngComesBackPixelForPixelAndRgbMatchesThePng() throws IOException {
        BufferedImage source = TestImages.noisy(97, 61, 7);
        SanitizedImage image = intake.sanitize(TestImages.png(source), Locale.ENGLISH);
        assertEquals("png", image.originalFormat());
        assertEquals(97, image.width());
        assertEquals(61, image.height());
        CorpusTest.assertClean(image);
        RgbImage rgb = PngPixels.rgb(image);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
        for (int y = 0; y < 61; y++) {
            for (int x = 0; x < 97; x++) {
                int expected = source.getRGB(x, y) & 0xFFFFFF;
                assertEquals(expected, decoded.getRGB(x, y) & 0xFFFFFF, "ImageIO at " + x + "," + y);
                assertEquals(expected, rgbAt(rgb, x, y), "rgb() at " + x + "," + y);
            }
        }
    }

    @Test
    void jpegWithGpsAndOrientation6IsTurnedUprightWithoutMetadata() {
        SanitizedImage image = intake.sanitize(CorpusTest.read("gps-orientation6.jpg"), Locale.ENGLISH);
        CorpusTest.assertClean(image);
        assertEquals("jpeg", image.originalFormat());
        // stored 64x48 with the red marker top-left; seen upright it is 48x64 with the marker top-right
        assertEquals(48, image.width());
        assertEquals(64, image.height());
        RgbImage rgb = PngPixels.rgb(image);
        assertNear(TestImages.MARKER, rgbAt(rgb, 48 - 8, 8), 40);
        assertNear(new Color(30, 60, 200), rgbAt(rgb, 8, 8), 40);
        // and the green square, stored bottom-right, lands bottom-left
        assertNear(new Color(20, 200, 40), rgbAt(rgb, 8, 64 - 8), 40);
    }

    @Test
    void everyOrientationFromPngExifIsApplied() {
        // 3x2 stored: a b c / d e f ; expected upright layouts per EXIF orientation
        int[][] stored = {{1, 2, 3}, {4, 5, 6}};
        String[] expected = {
            null,
            "123/456",      // 1
            "321/654",      // 2 mirror
            "654/321",      // 3 rotate 180
            "456/123",      // 4 flip
            "14/25/36",     // 5 transpose
            "41/52/63",     // 6 rotate 90 clockwise
            "63/52/41",     // 7 transverse
            "36/25/14",     // 8 rotate 90 counter-clockwise
        };
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                image.setRGB(x, y, stored[y][x] * 40 << 16);
            }
        }
        byte[] png = TestImages.png(image);
        for (int orientation = 1; orientation <= 8; orientation++) {
            byte[] upload = TestImages.withChunks(png, TestImages.chunk("eXIf", TestImages.exifTiff(orientation, true)));
            SanitizedImage result = intake.sanitize(upload, Locale.ENGLISH);
            CorpusTest.assertClean(result);
            RgbImage rgb = PngPixels.rgb(result);
            StringBuilder layout = new StringBuilder();
            for (int y = 0; y < rgb.height(); y++) {
                if (y > 0) {
                    layout.append('/');
                }
                for (int x = 0; x < rgb.width(); x++) {
                    layout.append((rgbAt(rgb, x, y) >>> 16) / 40);
                }
            }
            assertEquals(expected[orientation], layout.toString(), "orientation " + orientation);
        }
    }

    @Test
    void progressiveJpegAndInterlacedPngAreRead() throws IOException {
        BufferedImage source = TestImages.marked(64, 48);
        for (String format : List.of("jpeg", "png")) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(source, null, null), param);
            } finally {
                writer.dispose();
            }
            SanitizedImage image = intake.sanitize(bytes.toByteArray(), Locale.ENGLISH);
            CorpusTest.assertClean(image);
            assertNear(TestImages.MARKER, rgbAt(PngPixels.rgb(image), 8, 8), 40);
            assertNear(new Color(20, 200, 40), rgbAt(PngPixels.rgb(image), 64 - 8, 48 - 8), 40);
        }
    }

    @Test
    void headerOfAGigapixelPngIsRefusedWithoutAllocating() {
        byte[] upload = CorpusTest.read("huge-dimensions.png");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        refusal(upload, Locale.ENGLISH); // warm up: classes, messages
        long before = threads.getCurrentThreadAllocatedBytes();
        assertEquals(Refusal.DIMENSIONS, refusal(upload, Locale.ENGLISH).code());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 256 * 1024, allocated + " bytes allocated to refuse it");
    }

    @Test
    void alphaIsCompositedOnWhite() {
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x00000000); // transparent black
        image.setRGB(1, 0, 0x80000000); // half-transparent black
        image.setRGB(2, 0, 0xFF102030); // opaque
        image.setRGB(3, 0, 0x80FF0000); // half-transparent red
        RgbImage rgb = PngPixels.rgb(intake.sanitize(TestImages.png(image), Locale.ENGLISH));
        assertEquals(0xFFFFFF, rgbAt(rgb, 0, 0));
        assertNear(new Color(127, 127, 127), rgbAt(rgb, 1, 0), 2);
        assertEquals(0x102030, rgbAt(rgb, 2, 0));
        assertNear(new Color(255, 127, 127), rgbAt(rgb, 3, 0), 2);
    }

    @Test
    void greyStaysTheSameGreyAndSixteenBitIsScaled() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 128);
        grey.getRaster().setSample(1, 0, 0, 30);
        RgbImage fromPng = PngPixels.rgb(intake.sanitize(TestImages.png(grey), Locale.ENGLISH));
        assertEquals(0x808080, rgbAt(fromPng, 0, 0));
        assertEquals(0x1E1E1E, rgbAt(fromPng, 1, 0));

        BufferedImage wide = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 256; i++) {
            wide.getRaster().setSample(i % 16, i / 16, 0, 128);
        }
        RgbImage fromJpeg = PngPixels.rgb(intake.sanitize(TestImages.jpeg(wide), Locale.ENGLISH));
        assertNear(new Color(128, 128, 128), rgbAt(fromJpeg, 5, 5), 2);

        BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 0x8080);
        assertEquals(0x808080, rgbAt(PngPixels.rgb(intake.sanitize(TestImages.png(deep), Locale.ENGLISH)), 0, 0));
    }

    @Test
    void palettePngIsExpanded() {
        byte[] reds = {(byte) 255, 0};
        byte[] greens = {0, (byte) 128};
        byte[] blues = {0, (byte) 255};
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(1, 2, reds, greens, blues));
        image.getRaster().setSample(1, 0, 0, 1);
        RgbImage rgb = PngPixels.rgb(intake.sanitize(TestImages.png(image), Locale.ENGLISH));
        assertEquals(0xFF0000, rgbAt(rgb, 0, 0));
        assertEquals(0x0080FF, rgbAt(rgb, 1, 0));
    }

    @Test
    void embeddedColourProfilesAreConvertedToSrgb() {
        // Samples of 128 in linear RGB are 50% light: about 188 in sRGB.
        byte[] linear = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        BufferedImage mid = TestImages.solid(16, 16, new Color(128, 128, 128));

        RgbImage fromPng = PngPixels.rgb(intake.sanitize(TestImages.withChunks(TestImages.png(mid), TestImages.iccpChunk(linear)),
                Locale.ENGLISH));
        assertNear(new Color(188, 188, 188), rgbAt(fromPng, 3, 3), 3);

        // split over two APP2 segments, as large profiles are
        RgbImage fromJpeg = PngPixels.rgb(intake.sanitize(TestImages.withIcc(TestImages.jpeg(mid), linear, linear.length / 2 + 1),
                Locale.ENGLISH));
        assertNear(new Color(188, 188, 188), rgbAt(fromJpeg, 3, 3), 4);

        // a profile that does not fit (grey profile on a colour image) is ignored: samples taken as sRGB
        byte[] grey = ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData();
        RgbImage mismatched = PngPixels.rgb(intake.sanitize(TestImages.withChunks(TestImages.png(mid), TestImages.iccpChunk(grey)),
                Locale.ENGLISH));
        assertEquals(0x808080, rgbAt(mismatched, 3, 3));
    }

    @Test
    void languagesOtherThanSimplifiedChineseGetEnglish() {
        byte[] text = "hello".getBytes();
        String english = refusal(text, Locale.ENGLISH).getMessage();
        assertTrue(english.startsWith("This file is not a JPEG or PNG image (its content looks like text)"), english);
        assertEquals(english, refusal(text, Locale.FRENCH).getMessage());
        assertEquals(english, refusal(text, Locale.TRADITIONAL_CHINESE).getMessage());
        assertEquals(english, refusal(text, null).getMessage());
        String chinese = refusal(text, Locale.SIMPLIFIED_CHINESE).getMessage();
        assertTrue(chinese.contains("文本"), chinese);
        assertEquals(chinese, refusal(text, Locale.forLanguageTag("zh")).getMessage());
        assertEquals(chinese, refusal(text, Locale.forLanguageTag("zh-Hans-HK")).getMessage());
        assertTrue(refusal(CorpusTest.read("image.gif"), Locale.ENGLISH).getMessage().contains("looks like GIF"));
    }

    @Test
    void nullAndEmptyAreRefusedAsEmpty() {
        assertEquals(Refusal.EMPTY, refusal(null, Locale.ENGLISH).code());
        assertEquals(Refusal.EMPTY, refusal(new byte[0], Locale.ENGLISH).code());
    }

    @Test
    void recordRefusesInconsistentValues() {
        SanitizedImage image = intake.sanitize(TestImages.png(TestImages.marked(20, 20)), Locale.ENGLISH);
        // The record checks only what needs no decoding; the decoder refuses a size the PNG does not have.
        SanitizedImage wrongSize = new SanitizedImage(image.png(), 21, 20, "png", image.sha256());
        assertThrows(IllegalStateException.class, () -> PngPixels.rgb(wrongSize));
        assertThrows(IllegalArgumentException.class,
                () -> new SanitizedImage(image.png(), 0, 20, "png", image.sha256()));
        assertThrows(IllegalArgumentException.class,
                () -> new SanitizedImage(image.png(), 20, 20, "png", "not-a-hash"));
        assertEquals(image, new SanitizedImage(image.png().clone(), 20, 20, "png", image.sha256()));
    }

    static InvalidInputException refusal(byte[] upload, Locale locale) {
        return assertThrows(InvalidInputException.class, () -> intake.sanitize(upload, locale));
    }

    static int rgbAt(RgbImage image, int x, int y) {
        int i = 3 * (y * image.width() + x);
        byte[] rgb = image.rgb();
        return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF;
    }

    static void assertNear(Color expected, int actual, int tolerance) {
        int r = actual >>> 16 & 0xFF;
        int g = actual >>> 8 & 0xFF;
        int b = actual & 0xFF;
        assertTrue(Math.abs(r - expected.getRed()) <= tolerance && Math.abs(g - expected.getGreen()) <= tolerance
                        && Math.abs(b - expected.getBlue()) <= tolerance,
                "expected about " + expected + ", got " + r + "," + g + "," + b);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void orientationMathOnAPixelBuffer() {
        byte[] rgb = new byte[3 * 6];
        for (int i = 0; i < 6; i++) {
            rgb[3 * i] = (byte) (i + 1);
        }
        byte[] rotated = Pixels.orient(rgb, 3, 2, 6);
        byte[] firstSamples = new byte[6];
        for (int i = 0; i < 6; i++) {
            firstSamples[i] = rotated[3 * i];
        }
        assertArrayEquals(new byte[] {4, 1, 5, 2, 6, 3}, firstSamples);
    }
}
