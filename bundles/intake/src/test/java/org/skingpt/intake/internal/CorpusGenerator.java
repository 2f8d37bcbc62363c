package org.skingpt.intake.internal;

import static org.skingpt.intake.internal.TestImages.chunk;
import static org.skingpt.intake.internal.TestImages.concat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the corpus of hostile and awkward uploads in {@code src/test/resources/corpus/}. The files
 * are committed; run this again only to change them:
 * {@code java -cp target/test-classes:target/classes org.skingpt.intake.internal.CorpusGenerator src/test/resources/corpus}
 * (from {@code bundles/intake}, after {@code mvn test-compile}).
 */
public final class CorpusGenerator {

    private CorpusGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/corpus");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
    }

    static Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Random random = new Random(20240611L);

        byte[] jpeg = TestImages.jpeg(TestImages.noisy(64, 48, 1));
        byte[] png = TestImages.png(TestImages.noisy(64, 48, 2));

        files.put("empty.jpg", new byte[0]);
        files.put("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        files.put("truncated.png", Arrays.copyOf(png, png.length * 6 / 10));

        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        noise[0] = 0x42; // never a JPEG or PNG signature by chance
        files.put("random.bin", noise);

        files.put("not-an-image.jpg", "This is a text file, not a photo.\nIt only has a .jpg name.\n"
                .getBytes(StandardCharsets.UTF_8));
        files.put("huge-dimensions.png", TestImages.pngHeaderOnly(100_000, 100_000));
        files.put("huge-pixels.png", TestImages.pngHeaderOnly(10_000, 10_000));
        files.put("huge-dimensions.jpg", TestImages.withFrameSize(jpeg, 60_000, 60_000));

        byte[] damaged = png.clone();
        damaged[TestImages.indexOf(png, "IDAT") + 10] ^= 0x55; // inside the image data: its CRC no longer matches
        files.put("crc-damaged.png", damaged);

        files.put("corrupt-scan.jpg", corruptScan(jpeg, random));
        files.put("bad-zlib.png", concat(Arrays.copyOf(png, 33), chunk("IDAT", randomBytes(random, 600)),
                chunk("IEND", new byte[0])));

        files.put("gps-orientation6.jpg",
                TestImages.withExif(TestImages.jpeg(TestImages.marked(64, 48)), TestImages.exifTiff(6, true)));

        byte[] comment = "<script>alert('jpeg comment')</script>".getBytes(StandardCharsets.ISO_8859_1);
        files.put("polyglot-zip.jpg", concat(TestImages.withSegment(TestImages.jpeg(TestImages.marked(64, 48)), 0xFE,
                comment), zip("payload.html", "<html><script>alert('zip payload')</script></html>")));

        byte[] php = "php\0<?php system($_GET['c']); ?>".getBytes(StandardCharsets.ISO_8859_1);
        files.put("polyglot-html.png", concat(TestImages.withChunks(TestImages.png(TestImages.marked(64, 48)),
                chunk("tEXt", php)), "<html><script>alert('after IEND')</script></html>".getBytes(StandardCharsets.ISO_8859_1)));

        byte[] bomb = TestImages.zlib(new byte[16 << 20]); // 16 MiB of zeros in about 16 KiB
        byte[] hugeProfile = new byte[16 << 20];
        hugeProfile[0] = 0x7F; // the ICC header declares a profile of almost 2 GiB
        hugeProfile[1] = (byte) 0xFF;
        hugeProfile[2] = (byte) 0xFF;
        hugeProfile[3] = (byte) 0xFF;
        files.put("iccp-bomb.png", TestImages.withChunks(TestImages.png(TestImages.marked(64, 48)),
                chunk("iCCP", concat("bomb\0\0".getBytes(StandardCharsets.ISO_8859_1), TestImages.zlib(hugeProfile)))));
        files.put("ztxt-bomb.png", TestImages.withChunks(palettePng(),
                chunk("zTXt", concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb))));

        files.put("cmyk.jpg", TestImages.cmykJpeg(32, 32));
        files.put("image.gif", TestImages.encode(TestImages.marked(32, 32), "gif"));
        files.put("image.bmp", TestImages.encode(TestImages.marked(32, 32), "bmp"));
        byte[] webp = new byte[64];
        System.arraycopy("RIFF\070\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), 0, webp, 0, 16);
        files.put("header.webp", webp);
        return files;
    }

    /** The entropy-coded data of the (last) scan replaced by random bytes; the markers stay valid. */
    private static byte[] corruptScan(byte[] jpeg, Random random) {
        byte[] copy = jpeg.clone();
        int sos = -1;
        for (int i = 2; i < copy.length - 1; i++) {
            if (copy[i] == (byte) 0xFF && copy[i + 1] == (byte) 0xDA) {
                sos = i;
            }
        }
        int from = sos + 2 + ((copy[sos + 2] & 0xFF) << 8 | copy[sos + 3] & 0xFF);
        for (int i = from; i < copy.length - 2; i++) {
            copy[i] = (byte) random.nextInt(0xFF); // never 0xFF: no marker appears
        }
        return copy;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] palettePng() {
        byte[] reds = {(byte) 255, 0, 0, (byte) 255};
        byte[] greens = {0, (byte) 255, 0, (byte) 255};
        byte[] blues = {0, 0, (byte) 255, (byte) 255};
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 4, reds, greens, blues));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.getRaster().setSample(x, y, 0, (x / 8 + y / 8) % 4);
            }
        }
        return TestImages.png(image);
    }

    private static byte[] zip(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(name);
            entry.setTime(946_684_800_000L); // fixed, so that the file does not change with each run
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
