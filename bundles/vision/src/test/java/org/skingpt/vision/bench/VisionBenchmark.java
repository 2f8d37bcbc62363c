package org.skingpt.vision.bench;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.vision.internal.ImagePreprocessor;
import org.skingpt.vision.internal.MiniGpt4VisionEncoder;
import org.skingpt.vision.internal.TinyModel;

/**
 * Image-encode latency of demo-size {@code minigpt4-vision} models (random weights) on the CPU, as
 * markdown table rows. Not a test: surefire runs only {@code *Test} classes. Run from
 * {@code bundles/vision}:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_threads=2 \
 *      -cp target/test-classes:target/classes:$(cat target/cp.txt) org.skingpt.vision.bench.VisionBenchmark [runs]
 * </pre>
 */
public final class VisionBenchmark {

    private VisionBenchmark() {
    }

    /** @param args optional number of timed runs per configuration (default 30) */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("vision-bench");
        System.out.println("| image | ViT | Q-Former | LLM width | threads | encode median ms | min ms | max ms | of which resize+normalise, median ms | RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int imageSize : new int[] {112, 224}) {
            Map<String, Object> hp = Map.ofEntries(
                    Map.entry("image_size", imageSize), Map.entry("patch_size", 14),
                    Map.entry("vit_width", 192), Map.entry("vit_depth", 4), Map.entry("vit_heads", 3),
                    Map.entry("vit_mlp_ratio", 4.0),
                    Map.entry("qformer_width", 256), Map.entry("qformer_layers", 2), Map.entry("qformer_heads", 4),
                    Map.entry("qformer_intermediate", 1024), Map.entry("num_query_tokens", 32),
                    Map.entry("llm_width", 256));
            Path weights = new TinyModel(hp, 1).write(dir.resolve("demo-" + imageSize + ".safetensors"));
            byte[] rgb = new byte[640 * 480 * 3];
            new Random(1).nextBytes(rgb);
            RgbImage photo = new RgbImage(640, 480, rgb);
            try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(weights), Device.cpu())) {
                for (int i = 0; i < 5; i++) {
                    encoder.encode(photo);
                }
                double[] ms = new double[runs];
                double[] preprocessMs = new double[runs];
                ImagePreprocessor preprocessor = new ImagePreprocessor(imageSize, encoder.config().imageMean(),
                        encoder.config().imageStd());
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    encoder.encode(photo);
                    ms[i] = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    preprocessor.toChw(photo);
                    preprocessMs[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(ms);
                Arrays.sort(preprocessMs);
                System.out.printf("| 640x480 -> %d | 192 x 4 blocks (%d tokens) | 256 x 2 layers, 32 queries | 256 | %s | %.1f | %.1f | %.1f | %.1f | %d |%n",
                        imageSize, encoder.config().vitTokens(), System.getProperty("ai.djl.pytorch.num_threads", "default"),
                        ms[runs / 2], ms[0], ms[runs - 1], preprocessMs[runs / 2], rssMiB());
            }
            Files.delete(weights);
        }
        Files.delete(dir);
    }

    private static long rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
