package org.skingpt.intake.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/**
 * Walks the chunks of a PNG without decoding it: checks the header (IHDR) against the limits
 * first, reads the orientation (eXIf) and the colour profile (iCCP), and rebuilds the file from
 * the chunks the decoder needs (IHDR, PLTE, tRNS, IDAT, IEND). Text, time, EXIF, ICC, animation
 * and private chunks, and anything after IEND, never reach the decoder nor the output.
 */
final class PngStructure {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    static final int IHDR = chunkType("IHDR");
    static final int PLTE = chunkType("PLTE");
    static final int IDAT = chunkType("IDAT");
    static final int IEND = chunkType("IEND");
    private static final int TRNS = chunkType("tRNS");
    private static final int ICCP = chunkType("iCCP");
    private static final int EXIF = chunkType("eXIf");

    private PngStructure() {
    }

    static ParsedImage parse(byte[] data, IntakeSettings limits) throws Refusal {
        int n = data.length;
        if (n < 8 + 25 || Bytes.u32be(data, 8) != 13 || Bytes.u32be(data, 12) != IHDR) {
            throw Refusal.malformed("PNG does not start with a complete IHDR chunk");
        }
        long declaredWidth = Bytes.u32be(data, 16);
        long declaredHeight = Bytes.u32be(data, 20);
        if (declaredWidth == 0 || declaredHeight == 0 || declaredWidth > Integer.MAX_VALUE
                || declaredHeight > Integer.MAX_VALUE) {
            throw Refusal.malformed("PNG declares an invalid size " + declaredWidth + "x" + declaredHeight);
        }
        int width = (int) declaredWidth;
        int height = (int) declaredHeight;
        // Before anything else: a few bytes may declare gigapixels.
        limits.check(width, height);
        int bitDepth = Bytes.u8(data, 24);
        int colourType = Bytes.u8(data, 25);
        if (!validDepth(colourType, bitDepth) || data[26] != 0 || data[27] != 0 || (data[28] & 0xFF) > 1) {
            throw Refusal.malformed("PNG header has an invalid combination: colour type " + colourType
                    + ", bit depth " + bitDepth);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write(data, 0, 8);
        int orientation = 1;
        byte[] icc = null;
        boolean palette = false;
        boolean imageData = false;
        int pos = 8;
        while (true) {
            if (pos > n - 12) {
                throw Refusal.malformed("PNG ends before its IEND chunk (truncated)");
            }
            long length = Bytes.u32be(data, pos);
            int type = (int) Bytes.u32be(data, pos + 4);
            if (length > n - pos - 12L) {
                throw Refusal.malformed("PNG chunk runs past the end of the file (truncated)");
            }
            if (!validType(type)) {
                throw Refusal.malformed("PNG chunk with an invalid type");
            }
            int body = pos + 8;
            int end = body + (int) length + 4;
            boolean critical = (type & 0x20000000) == 0;
            boolean keep = critical || type == TRNS;
            if (keep && !crcMatches(data, pos + 4, (int) length + 4)) {
                throw Refusal.malformed("PNG chunk " + name(type) + " is damaged (CRC mismatch)");
            }
            if (type == IHDR && pos != 8) {
                throw Refusal.malformed("PNG has a second IHDR chunk");
            } else if (type == PLTE) {
                palette = true;
            } else if (type == IDAT) {
                imageData = true;
            } else if (type == ICCP && icc == null && !imageData) {
                icc = iccpData(data, body, (int) length);
            } else if (type == EXIF && !imageData) {
                orientation = Exif.orientation(data, body, (int) length);
            } else if (critical && type != IHDR && type != IEND) {
                throw Refusal.malformed("PNG has an unknown critical chunk " + name(type));
            }
            if (keep) {
                out.write(data, pos, end - pos);
            }
            pos = end;
            if (type == IEND) {
                break;
            }
        }
        if (!imageData) {
            throw Refusal.malformed("PNG has no image data");
        }
        if (colourType == 3 && !palette) {
            throw Refusal.malformed("paletted PNG without a palette");
        }
        return new ParsedImage("png", width, height, out.toByteArray(), orientation, icc, true);
    }

    /** The compressed profile of an iCCP chunk: name, NUL, method 0, zlib data. */
    private static byte[] iccpData(byte[] data, int body, int length) {
        int limit = Math.min(length, 80);
        for (int i = 0; i < limit; i++) {
            if (data[body + i] == 0) {
                if (i == 0 || i + 2 > length || data[body + i + 1] != 0) {
                    return null;
                }
                return java.util.Arrays.copyOfRange(data, body + i + 2, body + length);
            }
        }
        return null;
    }

    private static boolean validDepth(int colourType, int bitDepth) {
        return switch (colourType) {
            case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
            case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
            default -> false;
        };
    }

    private static boolean validType(int type) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = type >>> shift & 0xFF;
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    static boolean crcMatches(byte[] data, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, from, length);
        return crc.getValue() == Bytes.u32be(data, from + length);
    }

    static int chunkType(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }

    private static String name(int type) {
        return new String(new char[] {(char) (type >>> 24), (char) (type >>> 16 & 0xFF), (char) (type >>> 8 & 0xFF),
                (char) (type & 0xFF)});
    }

    /**
     * Keeps only IHDR, PLTE, IDAT and IEND of a PNG this bundle encoded: whatever a PNG writer adds
     * by default, the output carries no ancillary chunk.
     */
    static byte[] onlyCriticalChunks(byte[] png) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, 8);
        int pos = 8;
        while (pos <= png.length - 12) {
            int length = (int) Bytes.u32be(png, pos);
            int type = (int) Bytes.u32be(png, pos + 4);
            int end = pos + 12 + length;
            if (type == IHDR || type == PLTE || type == IDAT || type == IEND) {
                out.write(png, pos, end - pos);
            }
            pos = end;
            if (type == IEND) {
                break;
            }
        }
        return out.toByteArray();
    }
}
