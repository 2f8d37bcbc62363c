package org.skingpt.intake.internal;

/**
 * What the structure parsers learnt from an upload without decoding a pixel.
 *
 * @param format      {@code jpeg} or {@code png}
 * @param width       stored width, from SOF or IHDR
 * @param height      stored height
 * @param codecStream the upload reduced to what the decoder needs: no metadata segments or chunks,
 *                    nothing after the end marker
 * @param orientation EXIF orientation, 1 to 8 (1 when absent or invalid)
 * @param icc         the embedded ICC profile, or {@code null}; zlib-compressed when {@code iccDeflated}
 * @param iccDeflated whether {@code icc} still has to be inflated (PNG iCCP)
 */
record ParsedImage(String format, int width, int height, byte[] codecStream, int orientation, byte[] icc,
        boolean iccDeflated) {
}
