package org.skingpt.synthetic;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Command line: writes a synthetic data set.
 *
 * <pre>
 * GenerateDataset OUT_DIR COUNT [SEED [SIZE [LOCALES]]] [--start=N] [--format=png|jpg] [--threads=N]
 *   OUT_DIR  folder to create; receives images/NNNNNN.png and labels.jsonl
 *   COUNT    number of samples
 *   SEED     base seed (default 42)
 *   SIZE     image side in pixels (default 224)
 *   LOCALES  comma-separated, e.g. en,zh-CN (default en,zh-CN)
 *   --start  first sample index (default 0), to extend a set or split it across machines
 *   --format png (lossless, default) or jpg (quality 95); JPEG artefacts are already simulated in the pixels
 *   --threads worker threads (default: available processors)
 * </pre>
 *
 * Output is identical for the same arguments regardless of the thread count. File names carry no label.
 */
public final class GenerateDataset {
    private GenerateDataset() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> pos = new ArrayList<>();
        int start = 0;
        String format = "png";
        int threads = Runtime.getRuntime().availableProcessors();
        for (String a : args) {
            if (a.startsWith("--start=")) {
                start = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("--format=")) {
                format = a.substring(9).toLowerCase(Locale.ROOT);
            } else if (a.startsWith("--threads=")) {
                threads = Math.max(1, Integer.parseInt(a.substring(10)));
            } else if (a.equals("-h") || a.equals("--help")) {
                usage();
                return;
            } else {
                pos.add(a);
            }
        }
        if (pos.size() < 2 || !(format.equals("png") || format.equals("jpg"))) {
            usage();
            System.exit(2);
        }
        Path out = Path.of(pos.get(0));
        int count = Integer.parseInt(pos.get(1));
        long seed = pos.size() > 2 ? Long.parseLong(pos.get(2)) : 42L;
        int size = pos.size() > 3 ? Integer.parseInt(pos.get(3)) : SyntheticGenerator.DEFAULT_SIZE;
        List<Locale> locales = parseLocales(pos.size() > 4 ? pos.get(4) : "en,zh-CN");
        long t0 = System.nanoTime();
        write(out, start, count, seed, size, locales, format, threads);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "wrote %d samples to %s in %.1f s (%.1f ms per sample, %d threads)%n",
                count, out, s, s * 1000 / Math.max(1, count), threads);
    }

    private static void usage() {
        System.err.println("usage: GenerateDataset OUT_DIR COUNT [SEED [SIZE [LOCALES]]] [--start=N]"
                + " [--format=png|jpg] [--threads=N]");
    }

    static List<Locale> parseLocales(String list) {
        List<Locale> l = new ArrayList<>();
        for (String t : list.split(",")) {
            if (!t.isBlank()) {
                l.add(Locale.forLanguageTag(t.trim()));
            }
        }
        return l;
    }

    /** Generates samples {@code start .. start+count-1} into {@code out}; appends nothing, overwrites labels. */
    public static void write(Path out, int start, int count, long seed, int size, List<Locale> locales, String format,
                             int threads) throws IOException, InterruptedException {
        Path images = out.resolve("images");
        Files.createDirectories(images);
        SyntheticGenerator gen = new SyntheticGenerator(seed, size);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synthetic-data");
            t.setDaemon(true);
            return t;
        });
        try (Writer labels = Files.newBufferedWriter(out.resolve("labels.jsonl"), StandardCharsets.UTF_8)) {
            int batch = Math.max(16, threads * 8);
            for (int b = 0; b < count; b += batch) {
                List<Future<String>> futures = new ArrayList<>();
                for (int k = b; k < Math.min(count, b + batch); k++) {
                    final int index = start + k;
                    futures.add(pool.submit(() -> {
                        Sample s = gen.generate(index);
                        String file = String.format(Locale.ROOT, "images/%06d.%s", index, format);
                        Files.write(out.resolve(file), encode(s.image(), format));
                        return Labels.jsonLine(s, file, locales);
                    }));
                }
                for (Future<String> f : futures) {
                    try {
                        labels.write(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IOException("sample generation failed", e.getCause());
                    }
                    labels.write('\n');
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Encodes an image as PNG or JPEG (quality 0.95). */
    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (format.equals("jpg")) {
                ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam p = w.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.95f);
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
                    w.setOutput(ios);
                    w.write(null, new IIOImage(img, null, null), p);
                } finally {
                    w.dispose();
                }
            } else {
                ImageIO.write(img, "png", bytes);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
