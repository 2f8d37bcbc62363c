package org.skingpt.intake.internal;

/** Bounds-checked big- and little-endian reads. */
final class Bytes {

    private Bytes() {
    }

    static int u8(byte[] data, int pos) {
        return data[pos] & 0xFF;
    }

    static int u16be(byte[] data, int pos) {
        return (data[pos] & 0xFF) << 8 | data[pos + 1] & 0xFF;
    }

    static long u32be(byte[] data, int pos) {
        return ((long) (data[pos] & 0xFF) << 24) | (data[pos + 1] & 0xFF) << 16 | (data[pos + 2] & 0xFF) << 8
                | data[pos + 3] & 0xFF;
    }

    static int u16(byte[] data, int pos, boolean bigEndian) {
        return bigEndian ? u16be(data, pos) : (data[pos + 1] & 0xFF) << 8 | data[pos] & 0xFF;
    }

    static long u32(byte[] data, int pos, boolean bigEndian) {
        return bigEndian ? u32be(data, pos)
                : ((long) (data[pos + 3] & 0xFF) << 24) | (data[pos + 2] & 0xFF) << 16 | (data[pos + 1] & 0xFF) << 8
                        | data[pos] & 0xFF;
    }

    static boolean startsWith(byte[] data, int pos, int limit, byte[] prefix) {
        if (pos < 0 || limit - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
