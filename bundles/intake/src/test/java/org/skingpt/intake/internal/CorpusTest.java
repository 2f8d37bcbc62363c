package org.skingpt.intake.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.intake.SanitizedImage;

/** Every file of the committed corpus gives a clear refusal or a clean image, as its README says. */
class CorpusTest {

    static final String OK = "ok";

    /** Expected outcome of each corpus file: a refusal code, or {@value #OK}. */
    static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("empty.jpg", Refusal.EMPTY),
            Map.entry("truncated.jpg", Refusal.MALFORMED),
            Map.entry("truncated.png", Refusal.MALFORMED),
            Map.entry("crc-damaged.png", Refusal.MALFORMED),
            Map.entry("corrupt-scan.jpg", Refusal.MALFORMED),
            Map.entry("bad-zlib.png", Refusal.MALFORMED),
            Map.entry("random.bin", Refusal.FORMAT),
            Map.entry("not-an-image.jpg", Refusal.FORMAT),
            Map.entry("image.gif", Refusal.FORMAT),
            Map.entry("image.bmp", Refusal.FORMAT),
            Map.entry("header.webp", Refusal.FORMAT),
            Map.entry("huge-dimensions.png", Refusal.DIMENSIONS),
            Map.entry("huge-dimensions.jpg", Refusal.DIMENSIONS),
            Map.entry("huge-pixels.png", Refusal.PIXELS),
            Map.entry("cmyk.jpg", Refusal.COLOR),
            Map.entry("gps-orientation6.jpg", OK),
            Map.entry("polyglot-zip.jpg", OK),
            Map.entry("polyglot-html.png", OK),
            Map.entry("iccp-bomb.png", OK),
            Map.entry("ztxt-bomb.png", OK)));

    private static ImageIntakeComponent intake;

    @BeforeAll
    static void start() {
        intake = new ImageIntakeComponent(Configs.defaults());
    }

    @AfterAll
    static void stop() {
        intake.deactivate();
    }

    static Path corpus() {
        try {
            return Path.of(CorpusTest.class.getResource("/corpus/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(String name) {
        try {
            return Files.readAllBytes(corpus().resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> files() {
        return EXPECTED.keySet().stream();
    }

    @Test
    void everyCorpusFileHasAnExpectationAndIsDocumented() throws IOException {
        List<String> present;
        try (Stream<Path> listing = Files.list(corpus())) {
            present = listing.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")).sorted().toList();
        }
        assertEquals(List.copyOf(EXPECTED.keySet()), present);
        String readme = Files.readString(corpus().resolve("README.md"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> file : EXPECTED.entrySet()) {
            String row = readme.lines().filter(l -> l.contains("`" + file.getKey() + "`")).findFirst().orElse("");
            assertTrue(row.contains(file.getValue().equals(OK) ? "sanitised" : "`" + file.getValue() + "`"),
                    "README row of " + file.getKey() + " states " + file.getValue() + ": " + row);
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void corpusFileIsRefusedClearlyOrComesOutClean(String name) {
        byte[] upload = read(name);
        String expected = EXPECTED.get(name);
        if (expected.equals(OK)) {
            SanitizedImage image = intake.sanitize(upload, Locale.ENGLISH);
            assertClean(image);
            return;
        }
        InvalidInputException english = assertThrows(InvalidInputException.class,
                () -> intake.sanitize(upload, Locale.ENGLISH));
        InvalidInputException chinese = assertThrows(InvalidInputException.class,
                () -> intake.sanitize(upload, Locale.SIMPLIFIED_CHINESE));
        assertEquals(expected, english.code(), english.getMessage());
        assertEquals(expected, chinese.code());
        assertTrue(english.getMessage().matches("[\\x20-\\x7E\\u00d7]+"), english.getMessage());
        assertTrue(english.getMessage().contains(" again") || english.getMessage().contains("Wait"),
                "says what to do: " + english.getMessage());
        assertTrue(chinese.getMessage().codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                == Character.UnicodeScript.HAN), chinese.getMessage());
        assertNotEquals(english.getMessage(), chinese.getMessage());
        assertFalse(english.getMessage().contains("{"), english.getMessage());
    }

    /** Only IHDR, IDAT and IEND; an upright sRGB RGB image whose hash matches. */
    static void assertClean(SanitizedImage image) {
        List<String> chunks = TestImages.chunkTypes(image.png());
        assertEquals("IHDR", chunks.get(0));
        assertEquals("IEND", chunks.get(chunks.size() - 1));
        assertTrue(chunks.stream().allMatch(c -> c.equals("IHDR") || c.equals("IDAT") || c.equals("IEND")),
                "only IHDR/IDAT/IEND: " + chunks);
        for (String leak : List.of("Exif", "GPS", "TestCam", "<script", "<?php", "PK\3\4", "payload", "iCCP", "zTXt",
                "tEXt", "http://ns.adobe.com")) {
            assertFalse(TestImages.contains(image.png(), leak), "output carries " + leak);
        }
        assertEquals(image.width() * image.height() * 3, PngPixels.rgb(image).rgb().length);
        assertEquals(SanitizeTest.sha256(image.png()), image.sha256());
    }
}
