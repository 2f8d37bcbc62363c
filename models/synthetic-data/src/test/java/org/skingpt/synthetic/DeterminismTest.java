package org.skingpt.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class DeterminismTest {

    @Test
    void sameSeedAndIndexGiveIdenticalPixelsLabelsAndTexts() {
        SyntheticGenerator a = new SyntheticGenerator(7, 96);
        SyntheticGenerator b = new SyntheticGenerator(7, 96);
        List<Locale> locales = List.of(Locale.ENGLISH, Locale.forLanguageTag("zh-CN"));
        // opposite orders: a sample must not depend on what was generated before it
        Sample[] forward = new Sample[22];
        for (int i = 0; i < 22; i++) {
            forward[i] = b.generate(i);
        }
        for (int i = 21; i >= 0; i--) {
            Sample x = a.generate(i);
            Sample y = forward[i];
            assertArrayEquals(TestSupport.pixels(x.image()), TestSupport.pixels(y.image()), "pixels of " + i);
            assertEquals(x.concepts(), y.concepts());
            assertEquals(x.metadata(), y.metadata());
            assertEquals(Labels.jsonLine(x, "f", locales), Labels.jsonLine(y, "f", locales));
        }
    }

    @Test
    void parallelGenerationEqualsSequential() {
        SyntheticGenerator g = new SyntheticGenerator(11, 64);
        List<int[]> seq = IntStream.range(0, 33).mapToObj(i -> TestSupport.pixels(g.generate(i).image())).toList();
        List<int[]> par = IntStream.range(0, 33).parallel()
                .mapToObj(i -> TestSupport.pixels(g.generate(i).image())).toList();
        for (int i = 0; i < 33; i++) {
            assertArrayEquals(seq.get(i), par.get(i));
        }
    }

    @Test
    void differentSeedGivesDifferentSamples() {
        SyntheticGenerator a = new SyntheticGenerator(1, 64);
        SyntheticGenerator b = new SyntheticGenerator(2, 64);
        int sameMeta = 0;
        for (int i = 0; i < 22; i++) {
            Sample x = a.generate(i);
            Sample y = b.generate(i);
            assertEquals(x.condition(), y.condition(), "condition depends on the index only");
            assertFalse(java.util.Arrays.equals(TestSupport.pixels(x.image()), TestSupport.pixels(y.image())));
            if (x.metadata().equals(y.metadata())) {
                sameMeta++;
            }
        }
        assertEquals(0, sameMeta);
    }

    @Test
    void differentIndicesOfTheSameConditionDiffer() {
        SyntheticGenerator g = new SyntheticGenerator(3, 64);
        assertFalse(java.util.Arrays.equals(TestSupport.pixels(g.generate(0).image()),
                TestSupport.pixels(g.generate(66).image())));
    }

    /**
     * Pins the exact output, so that a platform difference (or an unintended change) is caught. If the
     * painting is changed on purpose, print the new digest with {@link #digest} and update it here.
     */
    @Test
    void goldenDigestIsStableAcrossRunsAndMachines() throws Exception {
        assertEquals(GOLDEN, digest(new SyntheticGenerator(42, 64), 22));
    }

    static final String GOLDEN = "454ea9f5ba839d8f08a8db06fe9442f2f9502efc559ba5083c16e0f519c46de5";

    static String digest(SyntheticGenerator g, int count) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<Locale> locales = List.of(Locale.ENGLISH, Locale.forLanguageTag("zh-CN"));
        for (int i = 0; i < count; i++) {
            Sample s = g.generate(i);
            int[] px = TestSupport.pixels(s.image());
            ByteBuffer bb = ByteBuffer.allocate(px.length * 4);
            bb.asIntBuffer().put(px);
            md.update(bb.array());
            md.update(Labels.jsonLine(s, "f", locales).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void imagesAreSquareRgbOfTheRequestedSize() {
        for (int size : new int[] {32, 112, 224}) {
            BufferedImage img = new SyntheticGenerator(5, size).generate(3).image();
            assertEquals(size, img.getWidth());
            assertEquals(size, img.getHeight());
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        }
        assertEquals(224, new SyntheticGenerator(5).generate(0).image().getWidth());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticGenerator(1, 16));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticGenerator(1, 64).generate(-1));
    }

    /**
     * A benchmark, not part of the build: on a shared 2-core machine a fixed time bound fails under load
     * (2,059 ms per image was measured with a load average of 24). Run it on an idle machine with
     * {@code mvn -pl models/synthetic-data test -Dskingpt.bench=true -Dtest=DeterminismTest}; the training
     * run itself ({@code models/demo/train.sh}, 60-minute goal) is where the budget is really checked.
     */
    @Test
    @EnabledIfSystemProperty(named = "skingpt.bench", matches = "true")
    void generatingA224ImageIsFast() {
        SyntheticGenerator g = new SyntheticGenerator(9, 224);
        for (int i = 0; i < 11; i++) {
            g.generate(1000 + i);
        }
        long t0 = System.nanoTime();
        int n = 22;
        for (int i = 0; i < n; i++) {
            g.generate(i);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf(Locale.ROOT, "synthetic-data: %.1f ms per 224 px sample%n", ms);
        // Why a bound at all: train.sh paints its 16,500 training images first (143 s on 2 cores in
        // models/demo/TRAINING.md, about 17 ms each per core). At 400 ms each that alone would take 55 minutes on
        // 2 cores, nearly all of the 60-minute training goal. Why so high: typical is ~20 ms, and the build
        // machine is shared with other builds, which can slow one thread several times over.
        assertTrue(ms < 400, "too slow for the training budget: " + ms + " ms per sample");
    }
}
