package org.skingpt.training;

/**
 * The eight symmetries of a square (identity, three rotations by 90 degrees, four reflections) applied
 * to a preprocessed {@code [3, S, S]} image. A lesion's morphology (and every concept label: border,
 * asymmetry, distribution, size) does not change when the photo is turned or mirrored, so the encoder
 * is shown each training image in a random one of the eight: eight times the variety for the cost of a
 * copy, where the encoder otherwise learned its training images better than new ones.
 */
final class Dihedral {

    static final int VARIANTS = 8;

    private Dihedral() {
    }

    /**
     * A transformed copy; variant 0 returns the array itself.
     *
     * @param variant bit 0 mirrors left-right, bit 1 mirrors top-bottom, bit 2 swaps rows and columns
     *                (applied in that order to the output coordinates)
     */
    static float[] apply(float[] chw, int side, int variant) {
        if (variant < 0 || variant >= VARIANTS) {
            throw new IllegalArgumentException("variant must be 0.." + (VARIANTS - 1) + ", was " + variant);
        }
        int plane = side * side;
        if (chw.length % plane != 0) {
            throw new IllegalArgumentException("array of " + chw.length + " floats is not channels of " + side + "x" + side);
        }
        if (variant == 0) {
            return chw;
        }
        boolean mirrorX = (variant & 1) != 0;
        boolean mirrorY = (variant & 2) != 0;
        boolean transpose = (variant & 4) != 0;
        float[] out = new float[chw.length];
        for (int c = 0; c < chw.length / plane; c++) {
            int base = c * plane;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int sy = transpose ? x : y;
                    int sx = transpose ? y : x;
                    if (mirrorX) {
                        sx = side - 1 - sx;
                    }
                    if (mirrorY) {
                        sy = side - 1 - sy;
                    }
                    out[base + y * side + x] = chw[base + sy * side + sx];
                }
            }
        }
        return out;
    }
}
