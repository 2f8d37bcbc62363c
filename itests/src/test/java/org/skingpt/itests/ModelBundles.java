package org.skingpt.itests;

import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Model bundles for the tests inside the distribution, built the way an admin packages one, from
 * the parity models in {@code models/parity/golden} (the folder is passed in the system property
 * {@code skingpt.parity}).
 */
final class ModelBundles {

    private ModelBundles() {
    }

    static Path golden(String name) {
        return Paths.get(System.getProperty("skingpt.parity"), name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String name) throws Exception {
        return new Gson().fromJson(Files.readString(golden(name)), Map.class);
    }

    /** A model bundle as an admin packages it: descriptor, weights, tokenizer; no imports or exports. */
    static Path modelBundle(String symbolicName, String version, String descriptorJson, Map<String, Path> files)
            throws Exception {
        Path jar = Files.createTempFile(symbolicName + "-", ".jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        java.util.jar.Attributes main = manifest.getMainAttributes();
        main.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue(org.skingpt.api.model.ModelServices.MODEL_HEADER, "model.json");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("model.json"));
            out.write(descriptorJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Map.Entry<String, Path> f : files.entrySet()) {
                out.putNextEntry(new java.util.jar.JarEntry(f.getKey()));
                Files.copy(f.getValue(), out);
            }
        }
        return jar;
    }

    static String sha256(Path file) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        return java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
    }

    static String llamaDescriptor(String name, String version, String architecture, String sha) throws Exception {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("name", name);
        d.put("version", version);
        d.put("kind", "LANGUAGE_MODEL");
        d.put("architecture", architecture);
        d.put("hyperParameters", json("llama_tiny_config.json"));
        d.put("tokenizer", "tokenizer.json");
        d.put("weights", List.of(Map.of("path", "weights/model.safetensors", "sha256", sha)));
        d.put("intendedUse", "Test model with random weights. Not for clinical use.");
        d.put("synthetic", true);
        return new Gson().toJson(d);
    }


    /** The entries of a Llama model bundle as {@link #llamaDescriptor} names them. */
    static Map<String, Path> llamaFiles(Path weights) {
        return Map.of("weights/model.safetensors", weights, "tokenizer.json", golden("tokenizer.json"));
    }

    /** The shipped demo model's folder ({@code models/demo}), from the system property {@code skingpt.demo}. */
    static Path demo(String name) {
        return Paths.get(System.getProperty("skingpt.demo"), name);
    }

    /**
     * The demo language model's descriptor under another name and version, for the given weights
     * (stored as {@code weights/model.safetensors}, see {@link #demoDecoderFiles}).
     */
    @SuppressWarnings("unchecked")
    static String demoDecoderDescriptor(String name, String version, Path weights) throws Exception {
        Map<String, Object> d = new Gson().fromJson(Files.readString(demo("decoder/model.json")), Map.class);
        d.put("name", name);
        d.put("version", version);
        d.put("weights", List.of(Map.of("path", "weights/model.safetensors", "sha256", sha256(weights))));
        return new Gson().toJson(d);
    }

    static Map<String, Path> demoDecoderFiles(Path weights) {
        return Map.of("weights/model.safetensors", weights, "tokenizer.json", demo("decoder/tokenizer.json"));
    }

    /**
     * A copy of the demo decoder's weights with the final norm scaled by {@code factor}: a "new
     * version" whose answers differ slightly.
     */
    static Path perturbedDemoWeights(float factor) throws Exception {
        byte[] bytes = Files.readAllBytes(demo("decoder/llm.safetensors"));
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong(0);
        Map<String, Object> header = new Gson().fromJson(new String(bytes, 8, headerLength,
                java.nio.charset.StandardCharsets.UTF_8), Map.class);
        Map<String, Object> norm = (Map<String, Object>) header.get("model.norm.weight");
        if (norm == null || !"F16".equals(norm.get("dtype"))) {
            throw new IllegalStateException("expected an F16 model.norm.weight in the demo weights");
        }
        List<Double> offsets = (List<Double>) norm.get("data_offsets");
        for (int at = 8 + headerLength + offsets.get(0).intValue(); at < 8 + headerLength + offsets.get(1).intValue(); at += 2) {
            buf.putShort(at, toHalf(fromHalf(buf.getShort(at)) * factor));
        }
        Path out = Files.createTempFile("demo-llm-perturbed-", ".safetensors");
        Files.write(out, bytes);
        return out;
    }

    private static float fromHalf(short h) {
        int bits = h & 0xffff;
        int sign = bits >>> 15;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        float v = exp == 0 ? mant * 0x1p-24f : (float) ((1 + mant / 1024.0) * Math.pow(2, exp - 15));
        return sign == 0 ? v : -v;
    }

    private static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = (bits >>> 13) & 0x3ff;
        if (exp <= 0) {
            return (short) sign; // tiny values flush to zero: enough for norm weights
        }
        if (exp >= 31) {
            return (short) (sign | 0x7bff);
        }
        return (short) (sign | exp << 10 | mant);
    }

    /** The demo model loads in the background after boot; consultations before that get "no model". */
    static void awaitDemoModel(org.skingpt.api.model.ModelCatalog catalog) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            long ready = catalog.models().stream().filter(m -> m.name().startsWith("skingpt-demo-") && m.active()
                    && m.state() == org.skingpt.api.model.ModelState.READY).count();
            if (ready == 2) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo model did not become ready: " + catalog.models());
    }
}
