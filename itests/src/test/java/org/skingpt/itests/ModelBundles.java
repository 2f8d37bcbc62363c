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
}
