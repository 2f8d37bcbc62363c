package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skingpt.api.inference.RgbImage;

class ImagePreprocessorTest {

    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    /** A pattern with structure in both directions and on every channel. */
    private static byte[] pattern(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                rgb[i] = (byte) ((x * 37 + y * 11) % 256);
                rgb[i + 1] = (byte) ((x * x * 5 + y * 29) % 256);
                rgb[i + 2] = (byte) (((x ^ y) * 41 + 7) % 256);
            }
        }
        return rgb;
    }

    /**
     * Expected bytes were produced by Pillow 9.4.0:
     * {@code Image.frombytes("RGB", (w, h), pattern).resize((ow, oh), Image.BICUBIC).tobytes().hex()}.
     */
    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "13, 9, 5, 4, 27192e8c5390999da13e7a83a38e983f5770a49648987da65681a1bc6c5a599fadbdbb70626942708077d37e6f75df92b482ae427b3b937940a57a99",
        "5, 4, 11, 7, 00000003000a14001f270437380a464912565a1c6c6b28817e39958f4aa49651ab020811070813180a152b0e243c14484d1c6a5e26726f327482438f9354ae9a5bbc071b310e1b261f1d0a32210b43274c542f8465397476455a8956839a67c2a16edc0d2c45152c45262e453932454a38455b40456c4a3a7d563d906785a178e2a87fff143c581b3c632c3e7f3f427e50483d615005725a03836622967778a788dcae8ff61b4f78224f76335174465565575b4168631f796d0f8a790f9d8a30ae9b5eb5a26b1f598a26597f375b6a4a5f525b65436c6d337d771b8e8306a19406b2a513b9ac18",
        "23, 6, 7, 6, 2f093a9e6cb647a67098a2ab557a658c549a6d8c573a2842a97d9752668fa3858a609d8497717f78a97a45454db49a7e5d89b2ae5e6b6b5988a28183837e8f506743bf897c6c7dc1998063417664a09eae469b926084ba9cac374d6382a87e564c8b8dab757e5169c06ba69da7815458756ab39b7157a88ab698835c4684",
        "4, 4, 4, 4, 0000072505304a14596f2d820b1d303022075531827a4a59163a593b3f82604e07856730215782465c596b6b30908407"
    })
    void resizeIsBitExactWithPillowBicubic(int width, int height, int outWidth, int outHeight, String expectedHex) {
        byte[] resized = ImagePreprocessor.resize(pattern(width, height), width, height, outWidth, outHeight);
        assertArrayEquals(HexFormat.of().parseHex(expectedHex), resized);
    }

    @Test
    void constantImageStaysConstantAtEverySize() {
        for (int[] size : new int[][] {{97, 61}, {10, 10}, {3, 200}}) {
            byte[] rgb = new byte[size[0] * size[1] * 3];
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = (byte) 200;
                rgb[i + 1] = 17;
                rgb[i + 2] = (byte) 255;
            }
            byte[] out = ImagePreprocessor.resize(rgb, size[0], size[1], 32, 24);
            assertEquals(32 * 24 * 3, out.length);
            for (int i = 0; i < out.length; i += 3) {
                assertEquals(200, out[i] & 0xff, "R at " + i / 3 + " for " + size[0] + "x" + size[1]);
                assertEquals(17, out[i + 1] & 0xff);
                assertEquals(255, out[i + 2] & 0xff);
            }
        }
    }

    @Test
    void horizontalGradientStaysMonotonicWhenDownAndUpscaled() {
        for (int inWidth : new int[] {300, 40}) {
            byte[] rgb = new byte[inWidth * 5 * 3];
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < inWidth; x++) {
                    byte v = (byte) (x * 255 / (inWidth - 1));
                    rgb[(y * inWidth + x) * 3] = v;
                    rgb[(y * inWidth + x) * 3 + 1] = v;
                    rgb[(y * inWidth + x) * 3 + 2] = v;
                }
            }
            byte[] out = ImagePreprocessor.resize(rgb, inWidth, 5, 100, 7);
            for (int y = 0; y < 7; y++) {
                for (int x = 1; x < 100; x++) {
                    int left = out[(y * 100 + x - 1) * 3] & 0xff;
                    int right = out[(y * 100 + x) * 3] & 0xff;
                    assertTrue(right >= left, "not monotonic at x=" + x + " from width " + inWidth + ": " + left + " > " + right);
                }
                int row = y * 100 * 3;
                assertTrue((out[row] & 0xff) < 10 && (out[row + 99 * 3] & 0xff) > 245, "ends must stay near black and white");
            }
        }
    }

    @Test
    void normalisesWithTheSameFloatOperationsAsToTensorAndNormalize() {
        byte[] rgb = new byte[5 * 3 * 3];
        rgb[0] = (byte) 255;
        rgb[1] = (byte) 128;
        rgb[2] = 0;
        RgbImage image = new RgbImage(5, 3, rgb);
        // 5x3 to 4x4 also checks that the output is square and channel-major.
        float[] chw = new ImagePreprocessor(4, MEAN, STD).toChw(image);
        assertEquals(3 * 16, chw.length);
        byte[] resized = ImagePreprocessor.resize(rgb, 5, 3, 4, 4);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 16; i++) {
                float expected = ((resized[i * 3 + c] & 0xff) / 255f - MEAN[c]) / STD[c];
                assertEquals(expected, chw[c * 16 + i], 0f);
            }
        }
        // A known pixel: pure white in red is (1 - 0.48145466) / 0.26862954 in float32.
        float[] white = new ImagePreprocessor(1, MEAN, STD).toChw(new RgbImage(1, 1, new byte[] {(byte) 255, 0, (byte) 128}));
        assertEquals((1f - 0.48145466f) / 0.26862954f, white[0], 0f);
        assertEquals(1.930336f, white[0], 1e-5f);
        assertEquals((0f - 0.4578275f) / 0.26130258f, white[1], 0f);
        assertEquals((128 / 255f - 0.40821073f) / 0.27577711f, white[2], 0f);
    }

    @Test
    void sameSizeIsACopy() {
        byte[] rgb = pattern(6, 6);
        byte[] out = ImagePreprocessor.resize(rgb, 6, 6, 6, 6);
        assertArrayEquals(rgb, out);
        out[0]++;
        assertEquals(pattern(6, 6)[0], rgb[0], "the input must not be aliased");
    }
}
