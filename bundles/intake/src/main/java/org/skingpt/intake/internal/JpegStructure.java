package org.skingpt.intake.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Walks the marker segments of a JPEG without decoding it: reads the frame header (size, number of
 * components), the EXIF orientation and the ICC profile, and rebuilds the file from the segments
 * the decoder needs. APPn segments other than JFIF and Adobe (EXIF, GPS, XMP, IPTC, ICC, vendor
 * data), comments and anything after EOI never reach the decoder nor the output.
 */
final class JpegStructure {

    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.ISO_8859_1);

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int COM = 0xFE;

    /** Largest ICC profile honoured; real profiles are kilobytes, rarely a megabyte. */
    static final int MAX_ICC_BYTES = 4 << 20;

    private JpegStructure() {
    }

    static ParsedImage parse(byte[] data, IntakeSettings limits) throws Refusal {
        int n = data.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write(0xFF);
        out.write(SOI);
        int pos = 2;
        int width = -1;
        int height = -1;
        int orientation = 1;
        boolean exifSeen = false;
        byte[][] iccParts = null;
        boolean iccBroken = false;
        boolean scanned = false;
        while (true) {
            if (pos + 1 >= n) {
                throw Refusal.malformed("JPEG ends before its end marker (truncated)");
            }
            if (data[pos] != (byte) 0xFF) {
                throw Refusal.malformed("JPEG: expected a marker at offset " + pos);
            }
            while (pos + 1 < n && data[pos + 1] == (byte) 0xFF) {
                pos++; // fill bytes
            }
            if (pos + 1 >= n) {
                throw Refusal.malformed("JPEG ends before its end marker (truncated)");
            }
            int marker = data[pos + 1] & 0xFF;
            if (marker == EOI) {
                if (!scanned) {
                    throw Refusal.malformed("JPEG has no image data");
                }
                out.write(0xFF);
                out.write(EOI);
                break;
            }
            if (marker == SOI || marker == 0x00) {
                throw Refusal.malformed("JPEG: unexpected marker 0x" + Integer.toHexString(marker));
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                out.write(data, pos, 2); // stand-alone markers
                pos += 2;
                continue;
            }
            if (pos + 4 > n) {
                throw Refusal.malformed("JPEG ends inside a segment header (truncated)");
            }
            int length = Bytes.u16be(data, pos + 2);
            int body = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > n) {
                throw Refusal.malformed("JPEG segment 0x" + Integer.toHexString(marker) + " runs past the end (truncated)");
            }
            boolean keep = true;
            if (marker >= APP0 && marker <= 0xEF) {
                keep = marker == APP0 && Bytes.startsWith(data, body, end, JFIF)
                        || marker == APP14 && Bytes.startsWith(data, body, end, ADOBE);
                if (marker == APP1 && !exifSeen && Bytes.startsWith(data, body, end, EXIF)) {
                    exifSeen = true;
                    orientation = Exif.orientation(data, body + EXIF.length, end - body - EXIF.length);
                } else if (marker == APP2 && !iccBroken && Bytes.startsWith(data, body, end, ICC)) {
                    // ICC_PROFILE\0, sequence number (1-based), count, data
                    int at = body + ICC.length;
                    if (end - at < 2) {
                        iccBroken = true;
                    } else {
                        int sequence = Bytes.u8(data, at);
                        int count = Bytes.u8(data, at + 1);
                        if (iccParts == null && count > 0) {
                            iccParts = new byte[count][];
                        }
                        if (iccParts == null || count != iccParts.length || sequence < 1 || sequence > count
                                || iccParts[sequence - 1] != null) {
                            iccBroken = true;
                        } else {
                            iccParts[sequence - 1] = java.util.Arrays.copyOfRange(data, at + 2, end);
                        }
                    }
                }
            } else if (marker == COM) {
                keep = false;
            } else if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
                if (width >= 0) {
                    throw Refusal.malformed("JPEG has more than one frame header");
                }
                if (length < 8) {
                    throw Refusal.malformed("JPEG frame header too short");
                }
                int precision = Bytes.u8(data, body);
                height = Bytes.u16be(data, body + 1);
                width = Bytes.u16be(data, body + 3);
                int components = Bytes.u8(data, body + 5);
                if (width == 0 || height == 0) {
                    throw Refusal.malformed("JPEG frame header without a size (" + width + "x" + height + ")");
                }
                limits.check(width, height);
                if (components == 4) {
                    throw new Refusal(Refusal.COLOR, "JPEG with 4 components (CMYK or YCCK)");
                }
                if (components != 1 && components != 3) {
                    throw new Refusal(Refusal.COLOR, "JPEG with " + components + " components");
                }
                if (precision != 8) {
                    throw Refusal.malformed("JPEG with " + precision + "-bit samples");
                }
            } else if (marker >= 0xC3 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                throw Refusal.malformed("JPEG coding process 0x" + Integer.toHexString(marker)
                        + " (lossless, hierarchical or arithmetic) is not supported");
            }
            if (keep) {
                out.write(data, pos, end - pos);
            }
            pos = end;
            if (marker == SOS) {
                if (width < 0) {
                    throw Refusal.malformed("JPEG scan before the frame header");
                }
                int scanEnd = entropyEnd(data, pos);
                out.write(data, pos, scanEnd - pos);
                pos = scanEnd;
                scanned = true;
            }
        }
        byte[] icc = null;
        if (iccParts != null && !iccBroken) {
            icc = join(iccParts);
        }
        return new ParsedImage("jpeg", width, height, out.toByteArray(), orientation, icc, false);
    }

    /** Index of the first marker after entropy-coded data (stuffed bytes and restart markers skipped). */
    private static int entropyEnd(byte[] data, int pos) throws Refusal {
        int n = data.length;
        int i = pos;
        while (i < n) {
            if (data[i] != (byte) 0xFF) {
                i++;
                continue;
            }
            if (i + 1 >= n) {
                break;
            }
            int next = data[i + 1] & 0xFF;
            if (next == 0x00 || next >= 0xD0 && next <= 0xD7) {
                i += 2;
            } else if (next == 0xFF) {
                i++;
            } else {
                return i;
            }
        }
        throw Refusal.malformed("JPEG image data ends without an end marker (truncated)");
    }

    private static byte[] join(byte[][] parts) {
        long total = 0;
        for (byte[] part : parts) {
            if (part == null) {
                return null; // a part is missing: the profile cannot be used
            }
            total += part.length;
        }
        if (total == 0 || total > MAX_ICC_BYTES) {
            return null;
        }
        byte[] joined = new byte[(int) total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
