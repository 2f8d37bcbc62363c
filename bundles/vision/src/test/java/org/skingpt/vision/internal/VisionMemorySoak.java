package org.skingpt.vision.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.nn.soak.NativeMemorySoak;

/**
 * Native-memory soak of the image encoder at the demo model's shape (224 px, 32 queries, width 256), in a
 * JVM of its own; run by {@code bundles/vision/benchmark/memory-soak.sh}. Mode {@code real} encodes;
 * mode {@code leaky} is the positive control: each call also keeps its output as one native array, which
 * the same check must call a leak. Prints one markdown row; exits 0 when the verdict is the expected one
 * (flat for real, leaking for leaky), 1 otherwise.
 */
public final class VisionMemorySoak {

    private VisionMemorySoak() {
    }

    /** @param args mode ({@code real} or {@code leaky}), windows, calls per window */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int windows = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        Map<String, Object> hp = Map.ofEntries(
                Map.entry("image_size", 224), Map.entry("patch_size", 14),
                Map.entry("vit_width", 192), Map.entry("vit_depth", 4), Map.entry("vit_heads", 3),
                Map.entry("vit_mlp_ratio", 4.0),
                Map.entry("qformer_width", 256), Map.entry("qformer_layers", 2), Map.entry("qformer_heads", 4),
                Map.entry("qformer_intermediate", 1024), Map.entry("num_query_tokens", 32),
                Map.entry("llm_width", 256));
        Path dir = Files.createTempDirectory("vision-soak");
        Path weights = new TinyModel(hp, 1).write(dir.resolve("demo-shape.safetensors"));
        byte[] rgb = new byte[640 * 480 * 3];
        new Random(1).nextBytes(rgb);
        RgbImage photo = new RgbImage(640, 480, rgb);
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(weights),
                Device.cpu()); NDManager kept = NDManager.newBaseManager()) {
            long leakUnit = 4L * encoder.outputTokens() * encoder.outputWidth();
            Runnable call = mode.equals("leaky")
                    ? () -> {
                        ImageEmbedding e = encoder.encode(photo);
                        kept.create(e.toArray()); // the deliberate leak: one array per call, never closed
                    }
                    : () -> encoder.encode(photo);
            NativeMemorySoak.Verdict v = NativeMemorySoak.run("image encoder, " + mode, call, windows, calls, leakUnit);
            System.out.println(v.row());
            boolean expected = mode.equals("leaky") == v.leaking();
            System.exit(expected ? 0 : 1);
        }
    }
}
