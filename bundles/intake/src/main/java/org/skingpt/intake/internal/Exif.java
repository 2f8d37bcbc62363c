package org.skingpt.intake.internal;

/**
 * Reads the one EXIF field intake uses, Orientation (tag 0x0112 in IFD0), from a TIFF structure.
 * Everything else in EXIF (GPS position, camera, dates, thumbnail) is dropped with the segment.
 */
final class Exif {

    static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT = 3;
    private static final int LONG = 4;

    private Exif() {
    }

    /**
     * @param data   buffer holding the TIFF structure (byte order mark first)
     * @param offset where it starts
     * @param length its length
     * @return the orientation, 1 to 8; 1 when absent, invalid or out of range
     */
    static int orientation(byte[] data, int offset, int length) {
        if (offset < 0 || length < 8 || offset > data.length - length) {
            return 1;
        }
        boolean bigEndian;
        if (data[offset] == 'M' && data[offset + 1] == 'M') {
            bigEndian = true;
        } else if (data[offset] == 'I' && data[offset + 1] == 'I') {
            bigEndian = false;
        } else {
            return 1;
        }
        if (Bytes.u16(data, offset + 2, bigEndian) != 42) {
            return 1;
        }
        long ifd = Bytes.u32(data, offset + 4, bigEndian);
        if (ifd < 8 || ifd > length - 2) {
            return 1;
        }
        int entries = Bytes.u16(data, offset + (int) ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            long entry = ifd + 2 + 12L * i;
            if (entry > length - 12) {
                return 1;
            }
            int at = offset + (int) entry;
            if (Bytes.u16(data, at, bigEndian) != ORIENTATION_TAG) {
                continue;
            }
            int type = Bytes.u16(data, at + 2, bigEndian);
            long count = Bytes.u32(data, at + 4, bigEndian);
            long value;
            if (type == SHORT && count >= 1) {
                value = Bytes.u16(data, at + 8, bigEndian);
            } else if (type == LONG && count >= 1) {
                value = Bytes.u32(data, at + 8, bigEndian);
            } else {
                return 1;
            }
            return value >= 1 && value <= 8 ? (int) value : 1;
        }
        return 1;
    }
}
