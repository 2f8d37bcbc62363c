package org.skingpt.training;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;
import org.skingpt.vision.internal.ImagePreprocessor;
import org.skingpt.vision.internal.VisionConfig;

/**
 * Synthetic samples with their pixels already through the encoder's own preprocessing (bicubic
 * resize, CLIP normalisation), exactly as an uploaded photo is at inference. Generation runs on
 * its own threads, so it can overlap text pretraining.
 */
public final class ImageSet {

    /** One preprocessed sample; {@code sample.image()} is dropped to save memory. */
    public record Item(Sample sample, float[] chw) {
        public int condition() {
            return sample.condition().ordinal();
        }

        public float[] conceptTargets() {
            float[] t = new float[Concept.values().length];
            for (Concept c : sample.concepts()) {
                t[c.ordinal()] = 1f;
            }
            return t;
        }
    }

    private final List<Item> items;

    private ImageSet(List<Item> items) {
        this.items = items;
    }

    public List<Item> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    /**
     * Generates samples {@code from .. from+count-1} of the generator seeded {@code seed}.
     *
     * @param progress called with the number done so far, from generator threads
     */
    public static ImageSet generate(long seed, int from, int count, VisionConfig config, int threads,
                                    java.util.function.IntConsumer progress) {
        SyntheticGenerator generator = new SyntheticGenerator(seed, DemoSpec.PAINT_SIZE);
        ImagePreprocessor pre = new ImagePreprocessor(config.imageSize(), config.imageMean(), config.imageStd());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synthetic-images");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicInteger done = new AtomicInteger();
            List<Future<Item>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = from + i;
                futures.add(pool.submit(() -> {
                    Item item = toItem(generator.generate(index), pre);
                    progress.accept(done.incrementAndGet());
                    return item;
                }));
            }
            List<Item> items = new ArrayList<>(count);
            for (Future<Item> f : futures) {
                items.add(f.get());
            }
            return new ImageSet(items);
        } catch (Exception e) {
            throw new IllegalStateException("generating synthetic images failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    static Item toItem(Sample s, ImagePreprocessor pre) {
        float[] chw = pre.toChw(rgb(s.image()));
        Sample light = new Sample(s.index(), s.seed(), s.condition(), s.fitzpatrick(), s.concepts(), null, s.metadata());
        return new Item(light, chw);
    }

    /** A {@link BufferedImage} as the API's interleaved RGB bytes. */
    public static RgbImage rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

}
