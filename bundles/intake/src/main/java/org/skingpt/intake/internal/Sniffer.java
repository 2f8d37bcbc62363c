package org.skingpt.intake.internal;

import java.nio.charset.StandardCharsets;

/** Recognises a file by its first bytes (never by its name). */
final class Sniffer {

    static final String JPEG = "jpeg";
    static final String PNG = "png";

    private Sniffer() {
    }

    /** {@link #JPEG}, {@link #PNG}, or {@code null} for anything else. */
    static String accepted(byte[] data) {
        if (data.length >= 3 && data[0] == (byte) 0xFF && data[1] == (byte) 0xD8 && data[2] == (byte) 0xFF) {
            return JPEG;
        }
        if (Bytes.startsWith(data, 0, data.length, PngStructure.SIGNATURE)) {
            return PNG;
        }
        return null;
    }

    /**
     * A name for a refused file's content, for the message: a format name, or {@code kind.text} /
     * {@code kind.unknown} (keys of the message table).
     */
    static String describe(byte[] data) {
        if (starts(data, 0, "GIF87a") || starts(data, 0, "GIF89a")) {
            return "GIF";
        }
        if (starts(data, 0, "RIFF") && starts(data, 8, "WEBP")) {
            return "WebP";
        }
        if (starts(data, 0, "BM")) {
            return "BMP";
        }
        if (starts(data, 0, "II*\0") || starts(data, 0, "MM\0*")) {
            return "TIFF";
        }
        if (starts(data, 4, "ftypavif") || starts(data, 4, "ftypavis")) {
            return "AVIF";
        }
        if (starts(data, 4, "ftyphei") || starts(data, 4, "ftyphev") || starts(data, 4, "ftypmif1")
                || starts(data, 4, "ftypmsf1")) {
            return "HEIC/HEIF";
        }
        if (starts(data, 0, "%PDF")) {
            return "PDF";
        }
        if (starts(data, 0, "PK\3\4")) {
            return "ZIP";
        }
        if (data.length >= 2 && data[0] == (byte) 0xFF && data[1] == (byte) 0xD8
                || data.length >= 4 && data[0] == (byte) 0x89 && starts(data, 1, "PNG")) {
            return "kind.unknown"; // a damaged JPEG or PNG signature
        }
        return looksLikeText(data) ? "kind.text" : "kind.unknown";
    }

    private static boolean looksLikeText(byte[] data) {
        int n = Math.min(data.length, 512);
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = data[i] & 0xFF;
            if (c < 0x09 || c > 0x0D && c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean starts(byte[] data, int pos, String ascii) {
        return Bytes.startsWith(data, pos, data.length, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }
}
