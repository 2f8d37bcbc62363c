package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.RgbImage;

/**
 * Native memory of the image encoder over thousands of encodes, judged by {@link NativeMemorySoak}
 * in a JVM of its own. Not part of the normal build (surefire runs {@code *Test} classes); run it
 * with the {@code memory-soak} profile, which forks a JVM per soak class with a fixed, pre-touched
 * heap, {@code MALLOC_ARENA_MAX=2} and one libtorch thread:
 *
 * <pre>
 * mvn -B verify -Pmemory-soak -pl bundles/vision,bundles/language -am
 * </pre>
 *
 * The deterministic check that runs in every build is
 * {@code MiniGpt4VisionEncoderTest.encodesLeaveNoArraysAndNoScopesBehind}.
 */
class VisionMemorySoak {

    /** 56 px images (16 patches), ViT 64 wide x 2 blocks, Q-Former 64 wide x 2 layers, 32 queries to a 256-wide LLM. */
    static final Map<String, Object> SHAPE = Map.ofEntries(
            Map.entry("image_size", 56), Map.entry("patch_size", 14),
            Map.entry("vit_width", 64), Map.entry("vit_depth", 2), Map.entry("vit_heads", 2), Map.entry("vit_mlp_ratio", 4.0),
            Map.entry("qformer_width", 64), Map.entry("qformer_layers", 2), Map.entry("qformer_heads", 2),
            Map.entry("qformer_intermediate", 256), Map.entry("num_query_tokens", 32), Map.entry("llm_width", 256));

    @TempDir
    Path dir;

    @Test
    void encoderStaysFlatAndOneKeptArrayPerEncodeIsCaught() throws Exception {
        System.out.println(NativeMemorySoak.machine());
        Path weights = new TinyModel(SHAPE, 1).write(dir.resolve("soak.safetensors"));
        byte[] rgb = new byte[64 * 48 * 3];
        new Random(1).nextBytes(rgb);
        RgbImage image = new RgbImage(64, 48, rgb);
        int calls = Integer.getInteger("soak.calls", 1000);
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(TinyModel.descriptor(SHAPE), List.of(weights), Device.cpu());
             NDManager kept = NDManager.newBaseManager()) {
            // The array a call hands back (its visual tokens, float32): leaking one per call must fail.
            long arrayBytes = (long) encoder.encode(image).toArray().length * Float.BYTES;
            double bound = arrayBytes / 2.0;

            NativeMemorySoak.Result real = NativeMemorySoak.run("encoder", calls, bound, () -> encoder.encode(image),
                    () -> encoder.parameters().getManagedArrays().size());
            // Positive control, after the real run so that its leak cannot disturb it: the same encodes,
            // each keeping its visual tokens as a native array.
            NativeMemorySoak.Result control = NativeMemorySoak.run("encoder keeping 1 array (" + arrayBytes + " B) per encode",
                    calls, bound, () -> {
                        ImageEmbedding e = encoder.encode(image);
                        kept.create(e.toArray(), new Shape(e.tokens(), e.width()));
                    }, () -> encoder.parameters().getManagedArrays().size() + kept.getManagedArrays().size());

            System.out.println(NativeMemorySoak.header());
            System.out.println(real.row());
            System.out.println(control.row());
            assertFalse(real.leaks(), "encoder: native memory grows " + Math.round(real.slopeBytesPerCall())
                    + " bytes per encode, bound " + Math.round(bound) + ": " + real.row());
            assertTrue(control.leaks(), "the check missed one kept " + arrayBytes + "-byte array per encode: " + control.row());
        }
    }
}
