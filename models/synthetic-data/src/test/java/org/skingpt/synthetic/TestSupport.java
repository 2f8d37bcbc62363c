package org.skingpt.synthetic;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/** Shared, cached sample sets so the suite stays fast. */
final class TestSupport {
    static final long SEED = 42L;
    static final int SMALL = 64;
    /** Samples per condition in the shared set. */
    static final int PER_CONDITION = 18;

    private static final ConcurrentHashMap<String, List<Sample>> CACHE = new ConcurrentHashMap<>();

    private TestSupport() {
    }

    /** {@code PER_CONDITION * 11} consecutive samples (3 of each condition per Fitzpatrick type) at a size. */
    static List<Sample> set(int size) {
        return CACHE.computeIfAbsent("set" + size, k -> {
            SyntheticGenerator g = new SyntheticGenerator(SEED, size);
            int n = PER_CONDITION * Condition.values().length;
            return IntStream.range(0, n).parallel().mapToObj(g::generate).toList();
        });
    }

    static List<Sample> of(List<Sample> all, Condition c) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : all) {
            if (s.condition() == c) {
                out.add(s);
            }
        }
        return out;
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
