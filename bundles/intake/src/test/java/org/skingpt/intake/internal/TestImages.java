package org.skingpt.intake.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Builds test images and the hostile variants of them; shared by the tests and {@link CorpusGenerator}. */
final class TestImages {

    static final Color MARKER = new Color(230, 20, 20);

    private TestImages() {
    }

    /**
     * A landscape picture: blue background, a red 16x16 marker in the top-left corner and a green
     * 16x16 square in the bottom-right corner.
     */
    static BufferedImage marked(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 60, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(MARKER);
        g.fillRect(0, 0, 16, 16);
        g.setColor(new Color(20, 200, 40));
        g.fillRect(width - 16, height - 16, 16, 16);
        g.dispose();
        return image;
    }

    static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Noise over a gradient: slow to compress, large to decode. */
    static BufferedImage noisy(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        random.nextBytes(data);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = 3 * (y * width + x);
                data[i] = (byte) ((data[i] & 0x3F) + x * 192 / width);
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        return jpeg(image, 0.92f);
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        return write(writer, new IIOImage(image, null, null), param);
    }

    /** A 4-channel (CMYK-style) JPEG, written from a raster. */
    static byte[] cmykJpeg(int width, int height) {
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {x * 8, y * 8, 40, 10});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        return write(writer, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    // ---- JPEG surgery ----

    /** Inserts a marker segment right after SOI. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((body.length + 2) >>> 8);
        out.write((body.length + 2) & 0xFF);
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static byte[] withExif(byte[] jpeg, byte[] tiff) {
        return withSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff));
    }

    /** Embeds an ICC profile as APP2 segments of at most {@code chunk} bytes each. */
    static byte[] withIcc(byte[] jpeg, byte[] profile, int chunk) {
        int count = (profile.length + chunk - 1) / chunk;
        byte[] result = jpeg;
        for (int seq = count; seq >= 1; seq--) { // inserted after SOI: last first, so they end up in order
            int from = (seq - 1) * chunk;
            int to = Math.min(profile.length, from + chunk);
            byte[] body = concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {(byte) seq, (byte) count},
                    java.util.Arrays.copyOfRange(profile, from, to));
            result = withSegment(result, 0xE2, body);
        }
        return result;
    }

    /** Overwrites the size in the first SOF0..SOF2 frame header. */
    static byte[] withFrameSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        int pos = 2;
        while (pos < copy.length) {
            int marker = copy[pos + 1] & 0xFF;
            int length = (copy[pos + 2] & 0xFF) << 8 | copy[pos + 3] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xC2) {
                copy[pos + 5] = (byte) (height >>> 8);
                copy[pos + 6] = (byte) height;
                copy[pos + 7] = (byte) (width >>> 8);
                copy[pos + 8] = (byte) width;
                return copy;
            }
            pos += 2 + length;
        }
        throw new IllegalArgumentException("no frame header");
    }

    /**
     * A big-endian TIFF structure (EXIF body) with IFD0 {Make, Orientation, GPS pointer} and a GPS
     * IFD {N 48 51' 24", E 2 21' 3"}; {@code gps} false leaves the GPS pointer out.
     */
    static byte[] exifTiff(int orientation, boolean gps) {
        ByteBuffer b = ByteBuffer.allocate(168);
        byte[] make = "SkinGPT-TestCam\0".getBytes(StandardCharsets.ISO_8859_1);
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        int entries = gps ? 3 : 2;
        b.putShort((short) entries);
        b.putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(50);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        if (gps) {
            b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(66);
        }
        b.putInt(0);
        b.position(50);
        b.put(make);
        // GPS IFD at 66
        b.putShort((short) 4);
        b.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        b.putShort((short) 2).putShort((short) 5).putInt(3).putInt(120);
        b.putShort((short) 3).putShort((short) 2).putInt(2).put((byte) 'E').put((byte) 0).putShort((short) 0);
        b.putShort((short) 4).putShort((short) 5).putInt(3).putInt(144);
        b.putInt(0);
        b.position(120);
        b.putInt(48).putInt(1).putInt(51).putInt(1).putInt(24).putInt(1);
        b.putInt(2).putInt(1).putInt(21).putInt(1).putInt(3).putInt(1);
        return b.array();
    }

    // ---- PNG surgery ----

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        b.putInt(data.length).put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Inserts chunks right after IHDR. */
    static byte[] withChunks(byte[] png, byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    static byte[] iccpChunk(byte[] profile) {
        return chunk("iCCP", concat("profile\0\0".getBytes(StandardCharsets.ISO_8859_1), zlib(profile)));
    }

    /** A PNG that is nothing but a header claiming {@code width x height} and a token of image data. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(png8Signature(), chunk("IHDR", ihdr.array()), chunk("IDAT", zlib(new byte[64])),
                chunk("IEND", new byte[0]));
    }

    static byte[] png8Signature() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    }

    static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Chunk types of a PNG, in order. */
    static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        while (b.remaining() >= 12) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            types.add(new String(type, StandardCharsets.ISO_8859_1));
            b.position(b.position() + length + 4);
        }
        return types;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static boolean contains(byte[] data, String ascii) {
        return indexOf(data, ascii) >= 0;
    }

    static int indexOf(byte[] data, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (data[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
