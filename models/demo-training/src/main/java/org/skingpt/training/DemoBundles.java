package org.skingpt.training;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the trained model as the contents of two model bundles: {@code encoder/} (descriptor and
 * F16 weights of the image encoder) and {@code decoder/} (descriptor, F16 weights and tokenizer of
 * the language model), plus {@code TRAINING.md} describing the run.
 */
final class DemoBundles {

    private DemoBundles() {
    }

    static void write(DemoModel model, Path tokenizer, Path out, String version, TrainingPlan plan, List<String> summary,
                      double seconds) throws IOException {
        Path encoder = out.resolve("encoder");
        Path decoder = out.resolve("decoder");
        Map<String, String> meta = Map.of("producer", "skingpt-demo-training", "plan", plan.name(), "synthetic", "true");
        model.save(encoder.resolve("vision.safetensors"), true, meta);
        model.save(decoder.resolve("llm.safetensors"), false, meta);
        Files.copy(tokenizer, decoder.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        descriptor(encoder.resolve("model.json"), DemoSpec.ENCODER_NAME, version, "IMAGE_ENCODER", "minigpt4-vision",
                model.visionHyperParameters(), null, "vision.safetensors", sha256(encoder.resolve("vision.safetensors")));
        descriptor(decoder.resolve("model.json"), DemoSpec.DECODER_NAME, version, "LANGUAGE_MODEL", "llama",
                model.llamaHyperParameters(), "tokenizer.json", "llm.safetensors", sha256(decoder.resolve("llm.safetensors")));
        StringBuilder md = new StringBuilder();
        md.append("# How these weights were made\n\n");
        boolean vitReused = summary.stream().anyMatch(line -> line.contains("the ViT taken from"));
        md.append("Synthetic demo model — **not for clinical use**. Trained ")
                .append(vitReused ? "with the ViT of an earlier model (an experiment, not a model to ship)" : "from nothing")
                .append(" by `org.skingpt.training.DemoTrainer`"
                + " (plan `").append(plan.name()).append("`, version ").append(version).append(") on this machine's CPU"
                + " in ").append(Progress.format(seconds)).append(" (").append(Runtime.getRuntime().availableProcessors())
                .append(" cores).\n\n");
        for (String line : summary) {
            md.append("- ").append(line).append('\n');
        }
        md.append(String.format(Locale.ROOT, "%nFiles: encoder %.1f MB, decoder %.1f MB (F16).%n",
                Files.size(encoder.resolve("vision.safetensors")) / 1e6, Files.size(decoder.resolve("llm.safetensors")) / 1e6));
        Files.writeString(out.resolve("TRAINING.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static void descriptor(Path file, String name, String version, String kind, String architecture,
                                   Map<String, Object> hyper, String tokenizer, String weights, String sha)
            throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("version", version);
        d.put("kind", kind);
        d.put("architecture", architecture);
        d.put("hyperParameters", hyper);
        if (tokenizer != null) {
            d.put("tokenizer", tokenizer);
        }
        d.put("weights", List.of(Map.of("path", weights, "sha256", sha)));
        d.put("intendedUse", DemoSpec.INTENDED_USE);
        d.put("synthetic", true);
        if (kind.equals("IMAGE_ENCODER")) {
            d.put("pairedWith", DemoSpec.DECODER_NAME);
        }
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(d) + "\n",
                StandardCharsets.UTF_8);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
