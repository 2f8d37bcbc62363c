package org.skingpt.console.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Looks at a jar before anything is installed: is it a jar, an OSGi bundle, one of the kinds the console deploys
 * (model, locale, report), one that exports nothing (hot-swapped bundles must never make Karaf refresh others);
 * and what the admin must see to confirm it: symbolic name, version, the header that makes it that kind, the
 * model's name and version, and the SHA-256 of the whole file (streamed, never held in memory).
 */
public final class BundleInspector {

    /** Model descriptors are small JSON files; the model extender reads at most this much too. */
    static final int MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024;

    private BundleInspector() {
    }

    public static BundleCandidate inspect(Path file, boolean uploaded) throws Refusal {
        String name = String.valueOf(file.getFileName());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new Refusal("ui.admin.refused.noFile", file.toString());
        }
        try {
            byte[] magic;
            try (InputStream in = Files.newInputStream(file)) {
                magic = in.readNBytes(4);
            }
            if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
                throw new Refusal("ui.admin.refused.notJar", name);
            }
            BundleCandidate c;
            try (JarFile jar = new JarFile(file.toFile(), false)) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) {
                    throw new Refusal("ui.admin.refused.notBundle", name);
                }
                Attributes main = manifest.getMainAttributes();
                String bsn = main.getValue("Bundle-SymbolicName");
                if (bsn == null || bsn.isBlank() || !"2".equals(trim(main.getValue("Bundle-ManifestVersion")))) {
                    throw new Refusal("ui.admin.refused.notBundle", name);
                }
                bsn = bsn.split(";")[0].trim();
                String version = trim(main.getValue("Bundle-Version"));
                version = version.isEmpty() ? "0.0.0" : version;
                BundleKind kind = BundleKind.of(main::getValue);
                if (kind == null) {
                    throw new Refusal("ui.admin.refused.notSkinGpt", name);
                }
                if (!trim(main.getValue("Export-Package")).isEmpty() || !trim(main.getValue("Fragment-Host")).isEmpty()) {
                    throw new Refusal("ui.admin.refused.exports", name);
                }
                String header = kind == BundleKind.REPORT ? BundleKind.RENDERER : trim(main.getValue(kind.markerHeader()));
                String modelName = "";
                String modelVersion = "";
                if (kind == BundleKind.MODEL) {
                    ZipEntry descriptor = jar.getEntry(header.startsWith("/") ? header.substring(1) : header);
                    if (descriptor == null) {
                        throw new Refusal("ui.admin.refused.noDescriptor", header);
                    }
                    try (InputStream in = jar.getInputStream(descriptor)) {
                        String json = new String(in.readNBytes(MAX_DESCRIPTOR_BYTES), StandardCharsets.UTF_8);
                        modelName = jsonString(json, "name");
                        modelVersion = jsonString(json, "version");
                    } catch (RuntimeException e) {
                        throw new Refusal("ui.admin.refused.badDescriptor", header, e.getMessage());
                    }
                }
                c = new BundleCandidate(file, uploaded, Files.size(file), "", bsn, version, kind, header, modelName,
                        modelVersion);
            }
            return new BundleCandidate(c.file(), uploaded, c.size(), sha256(file), c.symbolicName(), c.version(),
                    c.kind(), c.header(), c.modelName(), c.modelVersion());
        } catch (java.util.zip.ZipException e) {
            throw new Refusal("ui.admin.refused.notJar", name);
        } catch (IOException e) {
            throw new Refusal("ui.admin.refused.unreadable", name, e.getMessage());
        }
    }

    /** SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A top-level string member of a JSON object (Vaadin's own JSON parser, embedded in the console). */
    static String jsonString(String json, String key) {
        elemental.json.JsonObject o = elemental.json.Json.parse(json);
        return o.hasKey(key) && o.get(key).getType() == elemental.json.JsonType.STRING ? o.getString(key) : "";
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
