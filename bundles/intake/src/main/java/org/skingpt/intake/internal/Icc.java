package org.skingpt.intake.internal;

import java.awt.color.ICC_Profile;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The embedded colour profile, read defensively: an unusable one is ignored (sRGB is assumed). */
final class Icc {

    private Icc() {
    }

    static ICC_Profile profile(ParsedImage parsed) {
        byte[] data = parsed.icc();
        if (data == null) {
            return null;
        }
        if (parsed.iccDeflated()) {
            data = inflate(data, JpegStructure.MAX_ICC_BYTES);
            if (data == null) {
                return null;
            }
        }
        try {
            return ICC_Profile.getInstance(data);
        } catch (RuntimeException unusable) {
            return null;
        }
    }

    /**
     * Inflates a zlib-compressed ICC profile. The profile's header declares its size: more than
     * {@code limit} bytes and nothing more is inflated (a few kilobytes may inflate to gigabytes).
     * Returns {@code null} for a damaged, short or oversized profile.
     */
    static byte[] inflate(byte[] compressed, int limit) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] header = new byte[128];
            if (!fill(inflater, header, 0)) {
                return null;
            }
            long declared = Bytes.u32be(header, 0);
            if (declared < header.length || declared > limit) {
                return null;
            }
            byte[] profile = java.util.Arrays.copyOf(header, (int) declared);
            return fill(inflater, profile, header.length) ? profile : null;
        } catch (DataFormatException damaged) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static boolean fill(Inflater inflater, byte[] target, int from) throws DataFormatException {
        int size = from;
        while (size < target.length) {
            int n = inflater.inflate(target, size, target.length - size);
            if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                return false;
            }
            size += n;
        }
        return true;
    }
}
