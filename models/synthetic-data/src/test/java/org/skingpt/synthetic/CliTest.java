package org.skingpt.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.forLanguageTag("zh-CN"));

    @Test
    void writesImagesAndLabelsIndependentlyOfThreadCount(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        GenerateDataset.write(a, 5, 12, 42, 48, LOCALES, "png", 2);
        GenerateDataset.write(b, 5, 12, 42, 48, LOCALES, "png", 1);
        List<String> lines = Files.readAllLines(a.resolve("labels.jsonl"), StandardCharsets.UTF_8);
        assertEquals(12, lines.size());
        assertEquals(lines, Files.readAllLines(b.resolve("labels.jsonl"), StandardCharsets.UTF_8));
        SyntheticGenerator g = new SyntheticGenerator(42, 48);
        for (int k = 0; k < 12; k++) {
            int index = 5 + k;
            String line = lines.get(k);
            String file = String.format(Locale.ROOT, "images/%06d.png", index);
            assertTrue(line.startsWith("{\"file\":\"" + file + "\",\"index\":" + index + ",\"seed\":42,"), line);
            for (String key : List.of("\"condition\":", "\"fitzpatrick\":", "\"concepts\":[", "\"metadata\":{",
                    "\"texts\":{\"en\":{", "\"zh-CN\":{", "\"step1\":", "\"step2\":", "\"qa\":[{\"q\":")) {
                assertTrue(line.contains(key), key + " in " + line);
            }
            assertTrue(line.contains("这可能是"), "Chinese texts are written as UTF-8");
            BufferedImage img = ImageIO.read(a.resolve(file).toFile());
            assertEquals(48, img.getWidth());
            // PNG is lossless: the file holds exactly the generated pixels
            assertArrayEquals(TestSupport.pixels(g.generate(index).image()), TestSupport.pixels(img));
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)));
        }
        assertEquals(Labels.jsonLine(g.generate(5), "images/000005.png", LOCALES), lines.get(0));
    }

    @Test
    void writesJpegWhenAsked(@TempDir Path dir) throws Exception {
        GenerateDataset.write(dir, 0, 3, 1, 40, List.of(Locale.ENGLISH), "jpg", 1);
        assertEquals(40, ImageIO.read(dir.resolve("images/000002.jpg").toFile()).getHeight());
        String line = Files.readAllLines(dir.resolve("labels.jsonl")).get(0);
        assertTrue(line.contains("\"texts\":{\"en\":{") && !line.contains("zh-CN"), line);
    }

    @Test
    void sampleGalleryHasTwoImagesPerConditionAndAReadme(@TempDir Path dir) throws Exception {
        SampleImages.write(dir, 2024, 48);
        String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
        for (Condition c : Condition.values()) {
            for (int n = 1; n <= 2; n++) {
                String f = c.id() + "_" + n + ".png";
                assertTrue(Files.exists(dir.resolve(f)), f);
                assertTrue(readme.contains("[" + f + "]"), f);
            }
            assertTrue(readme.contains(c.english() + " / " + c.chinese()));
            int[] idx = SampleImages.indicesFor(c);
            assertTrue(SyntheticGenerator.fitzpatrickOf(idx[0]) <= 3 && SyntheticGenerator.fitzpatrickOf(idx[1]) >= 4);
        }
        assertTrue(Files.exists(dir.resolve("overview.png")));
        assertTrue(readme.contains("This could be a skin disease image of"));
    }

    @Test
    void jsonEscapes() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", "x\"y\\z\n");
        m.put("b", java.util.Arrays.asList(1, true, null));
        assertEquals("{\"a\":\"x\\\"y\\\\z\\n\",\"b\":[1,true,null]}", Json.write(m));
    }
}
